"""``create_app``: the FastAPI app over one store — REST API under ``/api/v1``, web UI at ``/``."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from recoupe.settings import Settings, load_settings
from recoupe.store import Store
from recoupe.web import api, api_write, docs, pages
from recoupe.web.deps import AppState
from recoupe.web.errors import error_response, install_error_handlers
from recoupe.web.limits import LimitsMiddleware, TooLarge

STATIC = Path(__file__).parent / "static"
TOKEN_ENV = "RECOUPE_API_TOKEN"
DEFAULT_MAX_BODY_MB = 5.0


def _issue_labels(path: str | Path | None) -> dict[str, str]:
    if path is None:
        return {}
    from recoupe.corpus.issues import load_issues

    return {i.id: i.label for i in load_issues(path)}


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    settings: Settings | None = None,
    max_body_mb: float = DEFAULT_MAX_BODY_MB,
    issues: str | Path | None = None,
) -> FastAPI:
    """The app over the store ``db``. ``token`` (else ``$RECOUPE_API_TOKEN``) protects write
    endpoints; request bodies over ``max_body_mb`` get a 413; ``issues`` (a YAML issues
    file) gives issue labels."""
    settings = settings or load_settings()
    store = Store.open(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        docs_url=None,  # /docs is served by recoupe.web.docs, offline (Swagger's default page uses a CDN)
        redoc_url=None,
        title="recoupe",
        lifespan=lifespan,
        version="1",
        summary="Who said what, when, how sure, and where sources agree or contradict.",
        description="Articles, entities, quotes, stances, disputes, clusters and signals of a recoupe store. "
                    "Every error has the shape `{\"error\": {\"code\", \"message\", \"details\"}}`.",
    )
    app.state.recoupe = AppState(store=store, settings=settings, token=token or os.environ.get(TOKEN_ENV) or None,
                                 max_body_bytes=int(max_body_mb * 1024 * 1024), issue_labels=_issue_labels(issues))
    install_error_handlers(app)

    @app.exception_handler(TooLarge)
    async def _too_large(_req: Request, _exc: TooLarge) -> JSONResponse:
        limit = app.state.recoupe.max_body_bytes
        return error_response(413, f"request body larger than {limit} bytes", details={"max_bytes": limit})

    app.add_middleware(LimitsMiddleware, max_body_bytes=app.state.recoupe.max_body_bytes)
    app.include_router(api.router)
    app.include_router(api_write.router)
    app.include_router(pages.router)
    app.include_router(docs.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
