"""An article body as HTML with every quote span wrapped in a ``<mark>``.

The body is cut at every span boundary; each piece is escaped on its own
and wrapped in one flat ``<mark>`` when some span covers it, so
overlapping or crossing spans never produce badly nested tags. The piece
where a span starts carries the anchor ``id="a-<article>-<start>"`` that
the quote cards link to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from recoupe.records import content_hash

_SAFE_ID = re.compile(r"[\w.:-]+")


def dom_id(article_id: str) -> str:
    """The article id when it is safe in an HTML id and a URL fragment, else a stable hash."""
    if _SAFE_ID.fullmatch(article_id):
        return article_id
    return "h" + content_hash(article_id, length=12)


def anchor_id(article_id: str, start: int) -> str:
    """The id of the ``<mark>`` where a quote starting at ``start`` begins."""
    return f"a-{dom_id(article_id)}-{start}"


def span_ok(body: str, start: int | None, end: int | None) -> bool:
    """Whether ``[start, end)`` is a non-empty span inside ``body``."""
    return start is not None and end is not None and 0 <= start < end <= len(body)


def mark_body(body: str, spans: Iterable[tuple[int, int]], *, article_id: str) -> Markup:
    """``body`` escaped, with each valid span marked; invalid spans are ignored."""
    valid = sorted({(s, e) for s, e in spans if span_ok(body, s, e)})
    if not valid:
        return escape(body)
    delta: dict[int, int] = {}
    for s, e in valid:
        delta[s] = delta.get(s, 0) + 1
        delta[e] = delta.get(e, 0) - 1
    starts = {s for s, _ in valid}
    bounds = sorted({0, len(body), *delta})
    pieces: list[str] = []
    depth = 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        depth += delta.get(a, 0)
        text = str(escape(body[a:b]))
        if depth <= 0:
            pieces.append(text)
            continue
        cls = "q" if depth == 1 else "q q-overlap"
        attr = f' id="{escape(anchor_id(article_id, a))}"' if a in starts else ""
        pieces.append(f'<mark class="{cls}"{attr}>{text}</mark>')
    return Markup("".join(pieces))


def context(body: str, quote: tuple[int, int], sentence: tuple[int, int]) -> tuple[str, str, str] | None:
    """The quote's sentence as ``(before, quote, after)``, or ``None`` when there is
    no usable sentence span or the sentence adds nothing but punctuation to the quote."""
    (qs, qe), (ss, se) = quote, sentence
    if not (span_ok(body, qs, qe) and span_ok(body, ss, se)) or not ss <= qs < qe <= se:
        return None
    before, after = body[ss:qs].lstrip(), body[qe:se].rstrip()
    if not _WORD.search(before + after):
        return None
    return before, body[qs:qe], after


_WORD = re.compile(r"\w")
