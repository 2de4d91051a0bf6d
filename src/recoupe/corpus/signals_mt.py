"""Machine-translation and conversion artefacts: one person spelt several
ways in one article, broken sentence joins ("… la Russie Ce sont les …",
"le L’OTAN"), run-on lines cut without final punctuation, and replacement
characters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from recoupe.corpus.signals_text import Finding, lexicons
from recoupe.corpus.text_units import fold
from recoupe.records import Analysis, Entity

VARIANT_MIN_RATIO = 70.0  # two forms this similar but not equal are one name garbled
SURNAME_MIN_RATIO = 80.0  # two people kept apart whose surnames are this similar are one person
MIN_SURNAME_CHARS = 5
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
    # the starter is followed by a lowercase word: "Ces Dames du Comité" is a name
    return re.compile(rf"(?<=[^\W\d_]) (?P<starter>{alternatives})(?=,|\s+[a-zà-ÿ])")


def _core(form: str) -> tuple[str, ...]:
    return tuple(t for t in re.findall(r"\w+", fold(form)) if t not in TITLES)


def name_variants(entity: Entity) -> list[str]:
    """Forms of the entity's name that differ from the canonical name by spelling,
    not by length ("Marc Ruttea" for Mark Rutte, "Veskovitch" for
    Dragan Vesković; not "Rutte", "M. Vesković" or the unaccented "Veskovic")."""
    name = _core(entity.name)
    forms = sorted({*entity.aliases, *(m.text for m in entity.mentions)})
    out = []
    for form in forms:
        core = _core(form)
        if not core or not name or core == name or set(core) <= set(name) or set(name) <= set(core):
            continue
        if _tokens_garbled(core, name):
            out.append(form)
    return out


def split_people(entities: Sequence[Entity]) -> list[tuple[Entity, Entity]]:
    """Pairs of people the extractor kept apart whose surnames differ by a letter or
    two and whose first names (when both have one) agree: one person garbled
    ("Dragan Veskovic" / "Vescovic", "Helena Stravos" / "Héléna Stavros"); not
    "Marine Le Pen" / "Jean-Marie Le Pen" (same surname, other first name)."""
    people = [(e, _core(e.name)) for e in entities if e.type == "PER"]
    out = []
    for i, (a, ca) in enumerate(people):
        for b, cb in people[i + 1 :]:
            if not ca or not cb or ca[-1] == cb[-1] or min(len(ca[-1]), len(cb[-1])) < MIN_SURNAME_CHARS:
                continue
            if fuzz.ratio(ca[-1], cb[-1]) < SURNAME_MIN_RATIO:
                continue
            if len(ca) > 1 and len(cb) > 1 and fuzz.ratio(" ".join(ca[:-1]), " ".join(cb[:-1])) < SURNAME_MIN_RATIO:
                continue
            out.append((a, b))
    return out


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
        for form in name_variants(ent):
            hits = [m for m in ent.mentions if m.text == form]
            s, e = (hits[0].start, hits[0].end) if hits else (0, 0)
            found.append((f"{ent.name} also spelt « {form} »", s, e))
            found.extend(("", m.start, m.end) for m in hits[1:])
    for a, b in split_people(analysis.entities):
        first = a.mentions[0] if a.mentions else None
        where = (first.start, first.end) if first else (0, 0)
        found.append((f"« {a.name} » and « {b.name} » look like one person spelt two ways", *where))
        found.extend(("", m.start, m.end) for m in (*a.mentions[1:], *b.mentions))
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
