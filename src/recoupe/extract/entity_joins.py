"""Joins of whole candidates into the institution names spaCy cut short.

- a capitalised institution head takes its lowercase complement: "le
  Conseil des ministres", "la Cour des comptes" (spaCy tags "Conseil");
- an institution named after its town keeps it: "l'Institut d'études
  maritimes de Brest", which spaCy cuts before "de Brest".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from recoupe.extract.entity_lexicons import EntityLexicons
from recoupe.extract.entity_repair import Candidate

# institutions whose name ends with the town they are in ("Université de Kent")
TOWN_NAMED_HEADS = frozenset(
    {
        "institut",
        "université",
        "école",
        "musée",
        "hôpital",
        "observatoire",
        "académie",
        "centre",
        "conservatoire",
        "lycée",
        "collège",
        "bibliothèque",
        "opéra",
        "théâtre",
        "laboratoire",
    }
)
INSTITUTION_WEIGHT = 3  # the phrase itself says it is an organisation
TOWN_LINKS = frozenset({" de ", " d'", " d’"})
COMPLEMENT = re.compile(r" (?:de la |de l'|de l’|des |du |de |d'|d’)([a-zàâçéèêëîïôûùüÿœ][\w-]*)")


def _head(text: str) -> str:
    words = text.split()
    return words[0].lower() if words else ""


def extend_institution(
    text: str, cands: list[Candidate], lex: EntityLexicons, is_common: Callable[[str], bool]
) -> None:
    """ "Conseil" + " des ministres": a capitalised one-word institution head
    followed by "de" and one lowercase common noun takes it into its name."""
    for c in cands:
        if c.gaz is not None or " " in c.text or not c.text[:1].isupper() or _head(c.text) not in lex.org_heads:
            continue
        m = COMPLEMENT.match(text, c.end)
        if m is None or not is_common(m.group(1).lower()):
            continue
        c.end = m.end()
        c.text = text[c.start : c.end]
        c.label, c.common, c.weight = "ORG", False, INSTITUTION_WEIGHT


def join_town(text: str, cands: list[Candidate]) -> list[Candidate]:
    """ "Institut d'études maritimes" + " de " + "Brest" -> one organisation."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == "ORG"
            and prev.gaz is None
            and _head(prev.text) in TOWN_NAMED_HEADS
            and c.label != "ORG"
            and " " not in c.text
            and text[prev.end : c.start] in TOWN_LINKS
        ):
            out[-1] = Candidate(prev.start, c.end, text[prev.start : c.end], "ORG", None, weight=prev.weight)
        else:
            out.append(c)
    return out
