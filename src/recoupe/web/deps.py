"""Per-app state (the open store, settings, token) and the dependencies routes use."""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from recoupe.settings import Settings
from recoupe.store import Store
from recoupe.web.errors import ApiError

DEFAULT_LIMIT = 20
MAX_LIMIT = 500


@dataclass
class AppState:
    store: Store
    settings: Settings
    token: str | None = None
    max_body_bytes: int = 5 * 1024 * 1024
    issue_labels: dict[str, str] = field(default_factory=dict)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (signature, value)


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.recoupe
    return state


State = Annotated[AppState, Depends(state_of)]


@dataclass(frozen=True, slots=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")] = 0,
) -> Paging:
    return Paging(limit, offset)


Page = Annotated[Paging, Depends(paging)]


def require_token(request: Request) -> None:
    """Write endpoints: ``Authorization: Bearer <token>`` when the app has a token."""
    token = state_of(request).token
    if not token:
        return
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "this endpoint needs an API token: send 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(403, "wrong API token")
