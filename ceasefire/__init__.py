"""ceasefire: where every ceasefire and peace talk stands, and why."""

__version__ = "0.1.0"
