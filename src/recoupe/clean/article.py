"""``clean_article``: a RawArticle becomes an Article (or a Reject)."""

from __future__ import annotations

from recoupe.clean.normalise import collapse_blank_lines, fold_key, normalise_text
from recoupe.clean.pipeline import clean_lines
from recoupe.records import Article, RawArticle, Reject, Removal, content_hash

TRUNCATION_NOTE_CHARS = 200  # how much of the first cut line a "truncated" Removal keeps


def _raw_text(raw: RawArticle) -> str | Reject:
    if raw.text and raw.text.strip():
        return raw.text
    if raw.html and raw.html.strip():
        from recoupe.ingest.html import html_to_text  # HTML that no reader has turned to text yet

        result = html_to_text(raw.html, url=raw.url)
        return result.text if result.text else Reject(raw.source, "clean", result.problem or "no-article")
    if raw.text is not None:
        return raw.text  # blank: rejected as "no-content" after cleaning
    return Reject(raw.source, "clean", "empty", "no text and no html")


def _starts_with_title(lines: list[tuple[int, str]], title: str) -> bool:
    first = next((line for _, line in lines if line), "")
    return fold_key(first).startswith(fold_key(title)) if fold_key(title) else True


def _truncate(lines: list[tuple[int, str]], max_chars: int) -> tuple[list[tuple[int, str]], Removal | None]:
    """Keep whole lines while the body (lines joined by "\\n") fits in ``max_chars``."""
    total = 0
    for k, (i, line) in enumerate(lines):
        total += len(line) + (1 if k else 0)
        if total > max_chars:
            kept = lines[:k]
            if not any(text for _, text in kept):  # one huge first line: cut inside it
                kept = [(i, line[:max_chars])]
                cut = line[max_chars:]
            else:
                cut = line
            return kept, Removal(cut[:TRUNCATION_NOTE_CHARS], "truncated", i)
    return lines, None


def _join(lines: list[tuple[int, str]]) -> str:
    return collapse_blank_lines("\n".join(line for _, line in lines))


def clean_article(raw: RawArticle, *, max_chars: int = 200_000) -> Article | Reject:
    """Clean ``raw.text`` (or its HTML), prepend ``raw.title`` when the body
    does not start with it, and cut bodies longer than ``max_chars`` at a line
    boundary (a ``Removal`` with rule ``"truncated"`` notes the first line cut;
    line ``-1`` is the prepended title). An article with nothing left is
    ``Reject(stage="clean", reason="no-content")``."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be a positive number of characters, not {max_chars}")
    text = _raw_text(raw)
    if isinstance(text, Reject):
        return text
    kept, result = clean_lines(text)
    if not result.body:
        return Reject(raw.source, "clean", "no-content", f"{len(result.removed)} furniture lines removed")
    title = normalise_text(raw.title).replace("\n", " ").strip() if raw.title else ""
    if title and not _starts_with_title(kept, title):
        kept = [(-1, title), (-1, ""), *kept]
    kept, cut = _truncate(kept, max_chars)
    body = _join(kept)
    removed = result.removed + ((cut,) if cut else ())
    return Article(
        id=raw.id or content_hash(body),
        source=raw.source,
        body=body,
        content_hash=content_hash(raw.text, raw.html, raw.title, raw.url, raw.published),
        title=raw.title,
        url=raw.url,
        outlet=raw.outlet,
        published=raw.published,
        published_source=raw.published_source,
        author=raw.author or result.author,
        credited_source=result.credited_source,
        removed=removed,
    )
