"""Sources: files, URLs, feeds, exports and standard input, turned into raw documents."""
