"""The write side of the REST API: ``POST /api/v1/articles`` analyses new articles into the store.

The body is either JSON (one article object, or a list of them) or a
multipart upload of one file in a format recoupe reads. The articles go
through the same pipeline as ``recoupe analyze`` (the spaCy model is
loaded lazily, once per process), one request at a time.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from recoupe.web import schemas as m
from recoupe.web.deps import AppState, require_token, state_of
from recoupe.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["articles"])

UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".json", ".xml", ".rss", ".atom",
                   ".warc", ".warc.gz")
MAX_ARTICLES_PER_REQUEST = 100
_UNSAFE = re.compile(r"[^\w.-]+")
_ONE = TypeAdapter(m.ArticleIn)
_MANY = TypeAdapter(list[m.ArticleIn])

_OPENAPI_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/ArticleIn"},
                                              {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}}]}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": f"one of {', '.join(UPLOAD_SUFFIXES)}"}}}},
}}}


def _analyse(state: AppState, path: Path) -> m.AnalyseOut:
    from recoupe.pipeline import analyze

    settings = replace(state.settings, workers=1)
    with state.write_lock:
        summary = analyze([path], store=state.store, settings=settings)
        state.cache.clear()
    if not summary.ids:
        raise ApiError(422, "no article could be read from the request", code="no_article",
                       details={"rejected": dict(summary.rejected)})
    return m.AnalyseOut(ids=summary.ids, analysed=summary.analysed, skipped=summary.skipped,
                        rejected=dict(summary.rejected))


def _from_json(state: AppState, raw: bytes) -> m.AnalyseOut:
    try:
        parsed = (_MANY if raw.lstrip()[:1] == b"[" else _ONE).validate_json(raw)
    except ValidationError as exc:
        details = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        raise ApiError(422, f"invalid article: {details[0]['msg'] if details else exc}", details=details) from None
    items = parsed if isinstance(parsed, list) else [parsed]
    if not items or len(items) > MAX_ARTICLES_PER_REQUEST:
        raise ApiError(422, f"send between 1 and {MAX_ARTICLES_PER_REQUEST} articles per request")
    with tempfile.TemporaryDirectory(prefix="recoupe-api-") as tmp:
        path = Path(tmp) / "request.jsonl"
        lines = [json.dumps(a.model_dump(exclude_none=True), ensure_ascii=False) for a in items]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return _analyse(state, path)


def _upload_name(filename: str | None) -> str:
    name = _UNSAFE.sub("_", Path(filename or "").name).strip("._") or "upload"
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise ApiError(415, f"unsupported file type {filename!r}; valid: {', '.join(UPLOAD_SUFFIXES)}",
                       details={"valid": list(UPLOAD_SUFFIXES)})
    return name[-200:]


def _from_file(state: AppState, filename: str | None, data: bytes) -> m.AnalyseOut:
    name = _upload_name(filename)
    if not data.strip():
        raise ApiError(422, "the uploaded file is empty")
    with tempfile.TemporaryDirectory(prefix="recoupe-api-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return _analyse(state, path)


@router.post("/articles", response_model=m.AnalyseOut, status_code=201, responses=m.WRITE_ERRORS,
             dependencies=[Depends(require_token)], openapi_extra=_OPENAPI_BODY)
async def add_articles(request: Request) -> m.AnalyseOut:
    """Analyse new articles into the store: a JSON article (or list), or one uploaded file.

    Articles already stored with the same content are skipped. Needs the API token when the server has one.
    """
    state = state_of(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        return await run_in_threadpool(_from_json, state, await request.body())
    if ctype == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(422, "multipart body without a 'file' part")
        data = await upload.read()
        return await run_in_threadpool(_from_file, state, upload.filename, data)
    raise ApiError(415, f"unsupported content type {ctype or 'none'!r}; send application/json or multipart/form-data")
