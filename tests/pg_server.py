"""The throwaway PostgreSQL server of :mod:`recoupe.store.pg_local`, for tests:
a test that cannot have one is skipped with the reason.

    with pg_server.running() as server:      # skips the test if it cannot start
        url = server.create_db("t1")         # postgresql+psycopg://postgres@127.0.0.1:PORT/t1
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from recoupe.store.pg_local import PostgresUnavailable, Server, find_bindir, free_port
from recoupe.store.pg_local import running as _running

__all__ = ["Server", "find_bindir", "free_port", "running"]


@contextmanager
def running() -> Iterator[Server]:
    """A server for the duration of the block; skips the calling test when none can start."""
    try:
        with _running() as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))
