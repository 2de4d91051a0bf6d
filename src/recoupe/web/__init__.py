"""The analyst's desk: a FastAPI app (REST API + server-rendered web UI) over a recoupe store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recoupe.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:  # FastAPI is imported only when the app is built
    if name == "create_app":
        from recoupe.web.app import create_app

        return create_app
    raise AttributeError(name)
