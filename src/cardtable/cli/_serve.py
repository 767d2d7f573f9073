"""``cardtable serve``: the JSON API and the browser app on a local port (uvicorn)."""

from __future__ import annotations

import click
import uvicorn

from cardtable.errors import InputError
from cardtable.web import ServerLimits, create_app

_MAX_DRAWS, _MAX_RUNNING = 100_000, 2  # cardtable.web.ServerLimits defaults (checked in tests)

__all__ = ["serve_cmd"]

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--max-draws",
    type=int,
    default=_MAX_DRAWS,
    show_default=True,
    help="Most draws one request may ask for.",
)
@click.option(
    "--max-running",
    type=int,
    default=_MAX_RUNNING,
    show_default=True,
    help="Model runs executed at once (more wait, then get 429).",
)
def serve_cmd(host: str, port: int, max_draws: int, max_running: int) -> None:
    """Serve the JSON API (/api/..., schema at /openapi.json) and the browser app at /."""
    if not 0 <= port <= 65535:
        raise InputError("--port", port, "a port number 0-65535")
    if max_draws < 1:
        raise InputError("--max-draws", max_draws, "a whole number >= 1")
    if max_running < 1:
        raise InputError("--max-running", max_running, "a whole number >= 1")

    if host not in _LOOPBACK:
        click.echo(f"warning: serving on {host}: reachable from other machines", err=True)
    app = create_app(ServerLimits(max_draws=max_draws, max_running=max_running))
    click.echo(f"cardtable: http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
