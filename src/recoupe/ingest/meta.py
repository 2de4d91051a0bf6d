"""Sidecar metadata: ``meta.jsonl`` lines ``{"id", "published", "outlet", "url"}``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from recoupe.errors import InputError
from recoupe.ingest.common import clean_str, iso_date
from recoupe.records import RawArticle

META_FILENAME = "meta.jsonl"
META_FIELDS = ("published", "outlet", "url", "title", "author")  # fields a meta line may set

Meta = dict[str, dict[str, str]]


def _parse_line(raw: str, *, where: str) -> tuple[str, dict[str, str]]:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg})") from exc
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    id = clean_str(obj.get("id")) if isinstance(obj.get("id"), (str, int)) else None
    if id is None:
        raise InputError(f"{where}: missing or empty 'id'")
    values: dict[str, str] = {}
    for name in META_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"{where}: '{name}' must be a string or null, got {type(value).__name__}")
        if name == "published":
            published = iso_date(value)
            if published is None:
                raise InputError(f"{where}: 'published' is not a date: {value!r} (expected YYYY-MM-DD)")
            values[name] = published
        elif value.strip():
            values[name] = value.strip()
    return id, values


def read_meta(path: str | Path) -> Meta:
    """``{id: {field: value}}`` from a meta JSONL file (null fields left out).

    Raises :class:`InputError` naming the line of a malformed line or a
    duplicate id."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"meta file not found: {p}")
    meta: Meta = {}
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"meta file {p}: cannot read it as UTF-8 ({exc})") from exc
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        id, values = _parse_line(raw, where=f"{p} line {lineno}")
        if id in meta:
            raise InputError(f"{p} line {lineno}: duplicate id {id!r}")
        meta[id] = values
    return meta


def by_url(meta: Meta) -> Meta:
    """The same entries keyed by their URL, for sources whose ids are hashes."""
    return {values["url"]: values for values in meta.values() if "url" in values}


def apply_meta(article: RawArticle, meta: Mapping[str, Mapping[str, str]], *, urls: Meta) -> RawArticle:
    """Meta values override the article's own (matched by id, else by URL)."""
    values = meta.get(article.id) if article.id is not None else None
    if values is None and article.url is not None:
        values = urls.get(article.url)
    if not values:
        return article
    changes: dict[str, str] = dict(values)
    if "published" in changes:
        changes["published_source"] = "meta"
    return replace(article, **changes)
