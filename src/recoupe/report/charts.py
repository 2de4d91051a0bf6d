"""Chart specifications for the web UI and the briefing: Vega-Lite.

Why Vega-Lite (vendored ``vega``, ``vega-lite`` and ``vega-embed`` minified
builds in ``recoupe/web/static/vendor``) rather than Plotly's bundled JS:

- size: the three builds weigh about 0.8 MB together; ``plotly.min.js``
  alone is about 4.5 MB and comes with a ~15 MB PyPI package. The briefing
  inlines the library so that it works offline from a single file: 0.8 MB
  keeps it emailable.
- offline: plain UMD files served from the package (no CDN), inlined in
  the briefing; charts are declarative JSON specs built here in Python,
  so the data never goes through string-built JavaScript.
- licence: BSD-3-Clause for all three (licence files shipped next to them);
  Plotly.js is MIT, equally fine, so size decided.

Every spec is a plain dict; templates embed it with Jinja's ``tojson``
(which escapes ``<``, ``>`` and ``&``) in a ``<script type="application/json">``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from recoupe.records import Stance
from recoupe.report.labels import STANCE_LABELS

VENDOR = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor"
VENDOR_FILES = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier: never fetched

STANCE_DOMAIN = ["support", "oppose", "neutral"]

STANCE_COLOURS = ["#1a7f4b", "#c0392b", "#8a8f98"]
STATUS_DOMAIN = ["asserted", "conditional", "hedged", "anonymous", "denied", "question"]
STATUS_COLOURS = ["#2c6fbb", "#d68a00", "#8e6bbf", "#6b6b6b", "#c0392b", "#1f9aa5"]
# one tick per day at most (a short range otherwise gets two ticks, two identical labels, per day)
DAY_AXIS: dict[str, Any] = {"format": "%d/%m", "tickCount": {"interval": "day", "step": 1}, "labelOverlap": "greedy"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@lru_cache(maxsize=1)
def vendor_js() -> str:
    """The three libraries, concatenated, for inlining in a self-contained page."""
    return "\n;\n".join((VENDOR / name).read_text(encoding="utf-8") for name in VENDOR_FILES)


def _base(width: int | str, height: int) -> dict[str, Any]:
    return {
        "$schema": SCHEMA, "width": width, "height": height, "background": "transparent",
        "config": {"font": FONT, "axis": {"labelFontSize": 11, "titleFontSize": 11, "grid": True,
                                          "gridColor": "#eceff3"}, "view": {"stroke": None},
                   "legend": {"orient": "top", "labelFontSize": 11, "titleFontSize": 11}},
    }


def per_day_spec(per_day: Sequence[tuple[str, int]], *, title: str = "Articles par jour") -> dict[str, Any]:
    spec = _base("container", 160)
    spec.update({
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "data": {"values": [{"date": d, "n": n} for d, n in per_day]},
        "mark": {"type": "bar", "color": "#2c6fbb", "cornerRadiusEnd": 2, "width": {"band": 0.8}},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "timeUnit": "yearmonthdate", "title": None,
                  "axis": DAY_AXIS},
            "y": {"field": "n", "type": "quantitative", "title": "articles", "axis": {"tickMinStep": 1}},
            "tooltip": [{"field": "date", "type": "temporal", "timeUnit": "yearmonthdate", "title": "jour"},
                        {"field": "n", "type": "quantitative", "title": "articles"}],
        },
    })
    return spec


def bar_spec(rows: Sequence[tuple[str, int]], *, title: str, unit: str, colour: str = "#4a5a70") -> dict[str, Any]:
    """Horizontal bars, largest first (outlets, speakers)."""
    spec = _base("container", max(60, 22 * len(rows)))
    spec.update({
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "data": {"values": [{"name": name, "n": n} for name, n in rows]},
        "mark": {"type": "bar", "color": colour, "cornerRadiusEnd": 2},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None, "axis": {"labelLimit": 180}},
            "x": {"field": "n", "type": "quantitative", "title": unit, "axis": {"tickMinStep": 1}},
            "tooltip": [{"field": "name", "title": ""}, {"field": "n", "title": unit}],
        },
    })
    return spec


def stance_rows(stances: Iterable[Stance]) -> list[dict[str, Any]]:
    return [{"actor": st.actor, "date": st.date, "stance": st.stance, "label": STANCE_LABELS.get(st.stance, st.stance),
             "issue": st.issue, "confidence": round(st.confidence, 2), "evidence": st.evidence[:240],
             "article": st.article_id} for st in stances if st.date]


def stance_spec(stances: Iterable[Stance], *, title: str | None = "Positions des acteurs dans le temps"
                ) -> dict[str, Any]:
    """Actors × time: one point per dated stance, coloured by stance, sized by confidence."""
    rows = stance_rows(stances)
    actors = sorted({r["actor"] for r in rows})
    spec = _base("container", max(90, 30 * len(actors)))
    if title:
        spec["title"] = {"text": title, "anchor": "start", "fontSize": 13}
    spec.update({
        "data": {"values": rows},
        "mark": {"type": "point", "filled": True, "opacity": 0.85, "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "timeUnit": "yearmonthdate", "title": None,
                  "axis": DAY_AXIS, "scale": {"padding": 18}},
            "y": {"field": "actor", "type": "nominal", "title": None, "sort": actors, "axis": {"labelLimit": 200}},
            "color": {"field": "stance", "type": "nominal", "title": "position",
                      "scale": {"domain": STANCE_DOMAIN, "range": STANCE_COLOURS},
                      "legend": {"labelExpr": "{'support': 'pour', 'oppose': 'contre', 'neutral': 'neutre'}"
                                              "[datum.label] || datum.label"}},
            "size": {"field": "confidence", "type": "quantitative", "scale": {"domain": [0, 1], "range": [40, 260]},
                     "legend": None},
            "tooltip": [{"field": "actor", "title": "acteur"}, {"field": "label", "title": "position"},
                        {"field": "date", "type": "temporal", "timeUnit": "yearmonthdate", "title": "date"},
                        {"field": "confidence", "title": "confiance"}, {"field": "evidence", "title": "preuve"}],
        },
    })
    return spec


def status_timeline_spec(rows: Sequence[tuple[str, str, int]], *,
                         title: str = "Déclarations par jour et par statut") -> dict[str, Any]:
    """``rows``: (day, status, count) — stacked bars."""
    spec = _base("container", 170)
    spec.update({
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "data": {"values": [{"date": d, "status": st, "n": n} for d, st, n in rows]},
        "mark": {"type": "bar", "cornerRadiusEnd": 1, "width": {"band": 0.8}},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "timeUnit": "yearmonthdate", "title": None,
                  "axis": DAY_AXIS},
            "y": {"field": "n", "type": "quantitative", "aggregate": "sum", "title": "déclarations"},
            "color": {"field": "status", "type": "nominal", "title": "statut",
                      "scale": {"domain": STATUS_DOMAIN, "range": STATUS_COLOURS}},
            "tooltip": [{"field": "date", "type": "temporal", "timeUnit": "yearmonthdate", "title": "jour"},
                        {"field": "status", "title": "statut"}, {"field": "n", "aggregate": "sum", "title": "n"}],
        },
    })
    return spec
