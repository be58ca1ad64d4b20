"""The registry of peace processes: ceasefires, truces and talks, from public datasets or by hand."""
