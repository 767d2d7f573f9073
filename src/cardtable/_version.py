"""The package version (one definition; read by the CLI, results and the data manifest)."""

from __future__ import annotations

__version__ = "0.1.0"
