"""``cardtable holders``."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add the command to ``group``."""
