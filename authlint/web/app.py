"""The Starlette application behind ``authlint serve``: the page, its assets and the HTTP API.

Routes (documented in ``openapi.yaml``, served at ``/openapi.yaml``)::

    GET  /                   the page (index.html; app.js and app.css under /static/)
    GET  /health             {"status": "ok", ...}
    GET  /api/rules          every rule the server loaded
    GET  /api/platforms      every platform profile (length counting, hashtag norms, links)
    POST /api/check          one post  -> one report (a ``files[]`` object of ``--format json``)
    POST /api/check-many     many posts -> {"files": [report, ...]}

A JSON client only ever gets JSON: a bad request is ``{"error": "<one line>", "status": N}``
(400 bad JSON, 413 too large, 415 not JSON, 422 invalid fields, 404/405 for unknown routes,
500 without a traceback). Bodies are read up to a limit, never whole first. When the server
listens on a loopback address only requests naming a loopback host are answered (a web page
elsewhere cannot reach the server through DNS rebinding), and the API accepts only
``application/json`` bodies, which browsers never send across sites without asking first.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from authlint.engine.run import MAX_POST_CHARS
from authlint.io.textio import human_size
from authlint.web.api import ApiError, LintService, parse_check, parse_many, platforms

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
OPENAPI = HERE / "openapi.yaml"
#: Largest body of ``/api/check``: one post at the limit, even if every character is JSON-escaped.
CHECK_BODY_LIMIT = 6 * MAX_POST_CHARS + 64_000
#: Largest body of ``/api/check-many``.
BATCH_BODY_LIMIT = 8_000_000
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
_ASSETS = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
_SECURITY_HEADERS = [
    (b"content-security-policy", (b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
]

log = logging.getLogger("authlint.web")


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(ApiError(status, message, **extra).to_dict(), status_code=status)


async def read_json(request: Request, limit: int) -> Any:
    """The request's JSON body, read at most ``limit`` bytes far."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, f"expected a body of type application/json, got {kind or 'none'}")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"request body is {human_size(int(declared))}, over the {human_size(limit)} limit")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, f"request body is over the {human_size(limit)} limit")
    try:
        return json.loads(bytes(body).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"body is not UTF-8: {exc.reason} at byte {exc.start}") from None
    except ValueError as exc:
        raise ApiError(400, f"body is not valid JSON: {exc}") from None


class Guard:
    """ASGI middleware: answers only allowed Host headers and adds security headers to every response."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None) -> None:
        self.app = app
        self.allowed = frozenset(h.lower() for h in allowed_hosts) if allowed_hosts is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed is not None:
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
            name = host[: host.find("]") + 1] if host.startswith("[") else host.rsplit(":", 1)[0]
            if name not in self.allowed:
                response = _error(421, f"this server answers requests for {', '.join(sorted(self.allowed))} only")
                await response(scope, receive, self._with_headers(send))
                return
        await self.app(scope, receive, self._with_headers(send))

    @staticmethod
    def _with_headers(send: Send) -> Callable[[Message], Awaitable[None]]:
        async def sender(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *_SECURITY_HEADERS]}
            await send(message)
        return sender


def create_app(service: LintService, *, allowed_hosts: Iterable[str] | None = None) -> ASGIApp:
    """The application for ``service``; ``allowed_hosts`` None answers any Host (tests, --allow-remote)."""
    assets = {name: (STATIC / name).read_bytes() for name in _ASSETS}
    index = (STATIC / "index.html").read_bytes()
    openapi = OPENAPI.read_bytes()
    known_platforms = platforms()

    async def page(request: Request) -> Response:
        return Response(index, media_type="text/html; charset=utf-8")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in assets:
            raise HTTPException(404, f"no such file: /static/{name}")
        return Response(assets[name], media_type=_ASSETS[name])

    async def openapi_file(request: Request) -> Response:
        return Response(openapi, media_type="application/yaml; charset=utf-8")

    async def health(request: Request) -> Response:
        return JSONResponse(service.health())

    async def rules(request: Request) -> Response:
        return JSONResponse({"rules": service.rules()})

    async def platform_list(request: Request) -> Response:
        return JSONResponse({"platforms": known_platforms})

    async def check(request: Request) -> Response:
        body = parse_check(await read_json(request, CHECK_BODY_LIMIT))
        return JSONResponse(await run_in_threadpool(service.check, body), headers={"cache-control": "no-store"})

    async def check_many(request: Request) -> Response:
        bodies = parse_many(await read_json(request, BATCH_BODY_LIMIT))
        files = await run_in_threadpool(service.check_many, bodies)
        return JSONResponse({"files": files}, headers={"cache-control": "no-store"})

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return JSONResponse(exc.to_dict(), status_code=exc.status)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = exc.detail if exc.detail and exc.status_code != 405 else f"{request.method} is not allowed on {request.url.path}"
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"no such route: {request.url.path}"
        return _error(exc.status_code, str(message), **({"allow": exc.headers["Allow"]} if exc.headers and "Allow" in exc.headers else {}))

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("authlint: internal error answering %s %s", request.method, request.url.path)
        return _error(500, f"internal error ({type(exc).__name__}); the server log has the details")

    app = Starlette(
        routes=[
            Route("/", page, methods=["GET"]),
            Route("/static/{name}", asset, methods=["GET"]),
            Route("/openapi.yaml", openapi_file, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
            Route("/api/rules", rules, methods=["GET"]),
            Route("/api/platforms", platform_list, methods=["GET"]),
            Route("/api/check", check, methods=["POST"]),
            Route("/api/check-many", check_many, methods=["POST"]),
        ],
        exception_handlers={ApiError: api_error, HTTPException: http_error, Exception: server_error},
    )
    return Guard(app, allowed_hosts)
