"""An article body as HTML with its annotations as nested ``<span>`` layers.

The body is cut at every span boundary and each piece is escaped on its
own (as :mod:`recoupe.report.marks` does for the briefing); a piece is
wrapped in one tag per layer covering it, in a fixed layer order, so the
tags always nest properly whatever the spans do (overlap, cross, repeat).
Class names are built here from fixed vocabularies; titles and text are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from recoupe.records import Analysis
from recoupe.report.labels import STATUS_LABELS, TYPE_LABELS, label
from recoupe.report.marks import span_ok

LAYER_ORDER = ("focus", "quote", "entity", "date")


@dataclass(frozen=True, slots=True)
class Layer:
    start: int
    end: int
    kind: str  # one of LAYER_ORDER
    css: str  # class names (built here, never from article text)
    title: str = ""
    anchor: str | None = None  # id given to the piece where the span starts


def layers_of(analysis: Analysis, *, focus: tuple[int, int] | None = None) -> list[Layer]:
    body = analysis.article.body
    out: list[Layer] = []
    if focus and span_ok(body, *focus):
        out.append(Layer(focus[0], focus[1], "focus", "focus", "phrase citée", anchor=f"s-{focus[0]}"))
    for q in analysis.quotes:
        who = q.speaker or ("source anonyme" if q.anonymous else "locuteur inconnu")
        out.append(Layer(q.start, q.end, "quote", f"q st-{_code(q.status)}",
                         f"{who} · {label(STATUS_LABELS, q.status)}", anchor=f"q-{q.start}"))
    for e in analysis.entities:
        for m in e.mentions:
            out.append(Layer(m.start, m.end, "entity", f"ent ent-{_code(e.type)}",
                             f"{e.name} ({label(TYPE_LABELS, e.type)})"))
    for d in analysis.dates:
        out.append(Layer(d.start, d.end, "date", "dt", f"date : {d.value or '?'}"))
    return [x for x in out if span_ok(body, x.start, x.end)]


def _code(value: str | None) -> str:
    """A class-safe code: letters only (record codes are fixed vocabularies, but never trust them)."""
    return "".join(ch for ch in (value or "x").lower() if ch.isascii() and ch.isalpha()) or "x"


def render_layers(body: str, layers: Sequence[Layer]) -> Markup:
    """``body`` escaped, each piece wrapped in the layers covering it."""
    valid = [x for x in layers if span_ok(body, x.start, x.end)]
    if not valid:
        return escape(body)
    bounds = sorted({0, len(body), *(x.start for x in valid), *(x.end for x in valid)})
    rank = {k: i for i, k in enumerate(LAYER_ORDER)}
    by_start = sorted(valid, key=lambda x: (x.start, rank.get(x.kind, 9)))
    active: list[Layer] = []
    used_anchors: set[str] = set()
    pieces: list[str] = []
    i = 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [x for x in active if x.end > a]
        while i < len(by_start) and by_start[i].start <= a:
            if by_start[i].end > a:
                active.append(by_start[i])
            i += 1
        text = str(escape(body[a:b]))
        for layer in sorted(active, key=lambda x: (rank.get(x.kind, 9), x.start), reverse=True):
            attrs = f' class="{layer.css}"'
            if layer.title:
                attrs += f' title="{escape(layer.title)}"'
            if layer.anchor and layer.start == a and layer.anchor not in used_anchors:
                used_anchors.add(layer.anchor)
                attrs += f' id="{escape(layer.anchor)}"'
            text = f"<span{attrs}>{text}</span>"
        pieces.append(text)
    return Markup("".join(pieces))


def marked_article(analysis: Analysis, *, focus: tuple[int, int] | None = None) -> Markup:
    return render_layers(analysis.article.body, layers_of(analysis, focus=focus))

