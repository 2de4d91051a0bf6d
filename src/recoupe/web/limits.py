"""ASGI middleware: a request body size limit (413) and security headers on every response."""

from __future__ import annotations

import json
from typing import Any

from recoupe.web.errors import error_body

Scope = dict[str, Any]
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    # Vega compiles its expressions with Function(): 'unsafe-eval' is needed for charts, inline scripts are not.
    (b"content-security-policy", b"default-src 'self'; script-src 'self' 'unsafe-eval'; "
                                  b"style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
                                  b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
]
DOCS_PATHS = ("/docs", "/redoc")  # FastAPI's docs pages load Swagger UI from a CDN: no CSP there


class TooLarge(Exception):
    pass


class LimitsMiddleware:
    def __init__(self, app: Any, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await self._too_large(send)
            return
        seen = 0
        started = False

        async def limited_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    raise TooLarge
            return message

        async def send_with_headers(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if not scope["path"].startswith(DOCS_PATHS):
                    message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except TooLarge:
            if not started:
                await self._too_large(send)

    async def _too_large(self, send: Any) -> None:
        body = json.dumps(error_body(413, f"request body larger than {self.max_body_bytes} bytes",
                                     details={"max_bytes": self.max_body_bytes})).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})
