"""``python -m cardtable``."""

from cardtable.cli import entry

entry()
