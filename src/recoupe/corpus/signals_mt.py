"""Machine-translation and conversion artefacts: one person spelt several
ways in one article, broken sentence joins ("… la Russie Ce sont les …",
"le L’OTAN"), run-on lines cut without final punctuation, and replacement
characters."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from recoupe.corpus.signals_text import Finding, lexicons
from recoupe.corpus.text_units import fold
from recoupe.records import Analysis, Entity

VARIANT_MIN_RATIO = 70.0  # two forms this similar but not equal are one name garbled
TITLES = frozenset({"m", "mme", "mlle", "dr", "pr", "me", "mgr", "president", "presidente"})
DOUBLE_DETERMINER = re.compile(r"\b(?:le|la|les|du|des|au|aux|de la|à la)\s+(?:L['’]|Le\s|La\s|Les\s)(?=\w)")
RUN_ON_MIN_WORDS = 25  # a line this long without final punctuation was cut
SENTENCE_END = tuple(".!?…:;»”\")")
REPLACEMENT = "\ufffd"
SHOWN = 5


@lru_cache(maxsize=1)
def broken_join() -> re.Pattern[str]:
    starters = sorted((str(s) for s in lexicons()["sentence_starters"]), key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in starters)
    return re.compile(rf"(?<=[^\W\d_]) (?P<starter>{alternatives})(?=[\s,])")


def _core(form: str) -> tuple[str, ...]:
    return tuple(t for t in re.findall(r"\w+", fold(form)) if t not in TITLES)


def name_variants(entity: Entity) -> list[tuple[str, str]]:
    """Pairs of forms of one name that differ by spelling, not by length
    ("Marc Ruttea" / "Mark Rutte", "Veskovitch" / "Vesković"; not "Rutte" / "Mark Rutte")."""
    forms = sorted({*entity.aliases, *(m.text for m in entity.mentions), entity.name})
    cores = {f: _core(f) for f in forms}
    pairs = []
    for i, a in enumerate(forms):
        for b in forms[i + 1 :]:
            ca, cb = cores[a], cores[b]
            if not ca or not cb or ca == cb or set(ca) <= set(cb) or set(cb) <= set(ca):
                continue
            if _tokens_garbled(ca, cb):
                pairs.append((a, b))
    return pairs


def _tokens_garbled(ca: tuple[str, ...], cb: tuple[str, ...]) -> bool:
    if fuzz.ratio(" ".join(ca), " ".join(cb)) >= VARIANT_MIN_RATIO:
        return True
    return fuzz.ratio(ca[-1], cb[-1]) >= VARIANT_MIN_RATIO and ca[-1] != cb[-1]


def machine_translation_artefacts(analysis: Analysis) -> Finding:
    body = analysis.article.body
    found: list[tuple[str, int, int]] = []
    for ent in analysis.entities:
        if ent.type not in {"PER", "ORG"}:
            continue
        for a, b in name_variants(ent):
            spans = [m for m in ent.mentions if m.text in (a, b)]
            s, e = (spans[0].start, spans[0].end) if spans else (0, 0)
            found.append((f"{ent.name} spelt « {a} » and « {b} »", s, e))
            found.extend(("", m.start, m.end) for m in spans[1:])
    for m in broken_join().finditer(body):
        found.append((f"broken join before « {m['starter']} »", m.start() - 1, m.end()))
    for m in DOUBLE_DETERMINER.finditer(body):
        found.append((f"double determiner « {m.group(0).strip()} »", m.start(), m.end()))
    found.extend(_run_ons(body))
    for m in re.finditer(REPLACEMENT, body):
        found.append(("replacement character", m.start(), m.end()))
    named = [f for f in found if f[0]]
    if not named:
        return 0.0, "no garbled names or broken sentence joins", ()
    shown = "; ".join(dict.fromkeys(f[0] for f in named[:SHOWN]))
    more = f" (+{len(named) - SHOWN})" if len(named) > SHOWN else ""
    spans = tuple(sorted({(s, e) for _, s, e in found if e > s}))
    return float(len(named)), f"{len(named)} artefact(s): {shown}{more}", spans


def _run_ons(body: str) -> list[tuple[str, int, int]]:
    """Long lines that stop without final punctuation while text follows."""
    out = []
    pos = 0
    lines = body.split("\n")
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    for i, line in enumerate(lines):
        text = line.rstrip()
        if i < last and len(text.split()) >= RUN_ON_MIN_WORDS and not text.endswith(SENTENCE_END):
            out.append(("line cut without final punctuation", pos + max(0, len(text) - 40), pos + len(text)))
        pos += len(line) + 1
    return out
