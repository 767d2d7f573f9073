"""Limits of the web server: request body size, concurrent runs, and a cache of identical runs.

* Body size: a pure ASGI middleware answers 413 once a request body exceeds ``max_body_bytes``
  (by its Content-Length, or while it streams in: the body is read before the app sees it).
* Concurrent runs: at most ``max_running`` model runs execute at once (in worker threads) and
  at most ``max_waiting`` more wait; beyond that a request gets 429, and a run that waited
  longer than ``wait_s`` gets 503.
* Cache: the JSON answer of a run is kept for identical requests (same endpoint and the same
  canonical body) in a small LRU; concurrent identical requests share one run. Results are
  deterministic given the seed, so a cached answer is the answer a new run would give.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "RunCache", "RunLimiter", "ServerBusyError", "ServerLimits"]


@dataclass(frozen=True)
class ServerLimits:
    """The server's limits (``cardtable serve`` options).

    ``default_draws`` is the draws of a request that names none (None: the scenario's own);
    with a small value, a server (or a fuzzer of the API) keeps every run cheap.
    """

    max_draws: int = 100_000
    default_draws: int | None = None
    max_body_bytes: int = 64 * 1024
    max_running: int = 2
    max_waiting: int = 16
    wait_s: float = 60.0
    cache_entries: int = 64


class ServerBusyError(Exception):
    """Raised when a run cannot start: ``status`` 429 (queue full) or 503 (waited too long)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    """A ``receive`` that returns ``messages`` first, then defers to ``then``."""
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        if then is None:
            return {"type": "http.disconnect"}
        return await then()

    return receive


class BodyLimit:
    """ASGI middleware: 413 for request bodies above ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._reject(send)
                return
        # bodies are small: read them here (at most max_bytes) and replay them to the app
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                await self._reject(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([body], receive), send)

    async def _reject(self, send: Send) -> None:
        body = json.dumps(
            {"error": f"request body: more than {self.max_bytes:,} bytes is not allowed"}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class RunLimiter:
    """At most ``max_running`` runs at once and ``max_waiting`` waiting."""

    def __init__(self, max_running: int, max_waiting: int, wait_s: float) -> None:
        self.max_running = max_running
        self.max_waiting = max_waiting
        self.wait_s = wait_s
        self._sem = asyncio.Semaphore(max_running)
        self._active = 0

    async def run(self, fn: Callable[[], Awaitable[Any]]) -> Any:
        """Run ``fn`` under the limits, raising :class:`ServerBusyError` when they are reached."""
        if self._active >= self.max_running + self.max_waiting:
            raise ServerBusyError(
                429,
                f"runs: {self.max_running} running and {self.max_waiting} waiting is the "
                "limit; retry in a moment",
            )
        self._active += 1
        try:
            try:
                await asyncio.wait_for(self._sem.acquire(), timeout=self.wait_s)
            except TimeoutError:
                raise ServerBusyError(
                    503, f"runs: waited {self.wait_s:g} s for a free slot"
                ) from None
            try:
                return await fn()
            finally:
                self._sem.release()
        finally:
            self._active -= 1


class RunCache:
    """An LRU of answers keyed by endpoint and canonical request, with shared in-flight runs."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._done: OrderedDict[str, bytes] = OrderedDict()
        self._pending: dict[str, asyncio.Future[bytes]] = {}
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(endpoint: str, body: dict[str, Any]) -> str:
        """The cache key of a request."""
        return endpoint + ":" + json.dumps(body, sort_keys=True, separators=(",", ":"))

    async def get(self, key: str, compute: Callable[[], Awaitable[bytes]]) -> bytes:
        """The cached answer, the answer of the identical run in flight, or a new one."""
        if key in self._done:
            self.hits += 1
            self._done.move_to_end(key)
            return self._done[key]
        if key in self._pending:
            self.hits += 1
            return await asyncio.shield(self._pending[key])
        self.misses += 1
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            value = await compute()
        except BaseException as exc:
            if isinstance(exc, Exception):
                future.set_exception(exc)
                future.exception()  # mark retrieved: only identical waiters re-raise it
            else:
                future.cancel()
            raise
        finally:
            self._pending.pop(key, None)
        future.set_result(value)
        if self.entries > 0:
            self._done[key] = value
            while len(self._done) > self.entries:
                self._done.popitem(last=False)
        return value
