"""Canonicalisation inside one article: group mentions into entities.

Paths, in order: the same gazetteer entry, the same folded text, a
person's surname (or forename) alone, a fuzzy match between person names
(typos, transliterations), an acronym and its expansion. Each merge is
recorded as a reason on the entity.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from recoupe.extract.entity_repair import NAME_PARTICLES, Candidate
from recoupe.extract.entity_spelling import spelling_key
from recoupe.extract.gazetteer import GazEntry, fold

FUZZY_MIN_RATIO = 88  # rapidfuzz ratio for two spellings of one surname
FUZZY_MIN_PREFIX = 7  # or a shared prefix this long ...
# Slavic feminine forms are other people: Petrov / Petrova, Kowalski / Kowalska
FEMININE_PAIRS = (
    ("ov", "ova"),
    ("ev", "eva"),
    ("in", "ina"),
    ("ski", "ska"),
    ("sky", "skaya"),
    ("ski", "skaya"),
)
FUZZY_PREFIX_SHARE = 0.8  # ... covering this share of the shorter name
FUZZY_MAX_LEN_DIFF = 3
FORENAME_MIN_RATIO = 75
SAME_FORENAME_MIN_RATIO = 80  # "Helena Stravos" / "Héléna Stavros": one forename, a looser surname
FEATURE_NAME = re.compile(r"^(\S+) (?:de |d'|du |des )(\S+)$")  # folded "banc de moreve"
TYPE_PRIORITY = {"PER": 3, "ORG": 2, "LOC": 1, "MISC": 0}


@dataclass(slots=True)
class Cluster:
    cands: list[Candidate]
    reasons: set[str] = field(default_factory=set)
    _words: tuple[int, list[str]] | None = None

    @property
    def gaz(self) -> GazEntry | None:
        return next((c.gaz for c in self.cands if c.gaz is not None), None)

    @property
    def type(self) -> str:
        if self.gaz is not None:
            return self.gaz.type
        votes: Counter[str] = Counter()
        for c in self.cands:
            votes[c.label] += c.weight
        if len(votes) > 1:
            del votes["MISC"]  # spaCy's "don't know": any typed mention outvotes it
        return max(votes, key=lambda t: (votes[t], TYPE_PRIORITY.get(t, 0)))

    @property
    def name(self) -> str:
        if self.gaz is not None:
            return self.gaz.name
        counts = Counter(c.text for c in self.cands)
        # the longest form, then a cased one over an all-caps headline or dateline ("KESSEL")
        return max(counts, key=lambda t: (len(t.split()), not t.isupper(), counts[t], len(t)))

    def words(self) -> list[str]:
        if self._words is None or self._words[0] != len(self.cands):  # clusters only grow or empty
            self._words = (len(self.cands), [w for w in fold(self.name).split() if w not in NAME_PARTICLES])
        return self._words[1]


def _merge(clusters: list[Cluster], i: int, j: int, reason: str) -> None:
    a, b = clusters[i], clusters[j]
    a.cands.extend(b.cands)
    a.reasons |= b.reasons | {reason}
    b.cands = []


def _compatible(a: Cluster, b: Cluster) -> bool:
    ga, gb = a.gaz, b.gaz
    return ga is None or gb is None or ga.name == gb.name


def _group_by_key(cands: list[Candidate]) -> list[Cluster]:
    """Gazetteer entry, else folded text."""
    by_key: dict[str, Cluster] = {}
    out: list[Cluster] = []
    for c in cands:
        key = "gaz:" + c.gaz.name if c.gaz is not None else "txt:" + fold(c.text)
        cluster = by_key.get(key)
        if cluster is None:
            cluster = by_key[key] = Cluster([c])
            out.append(cluster)
            continue
        cluster.cands.append(c)
        reason = "gazetteer" if c.gaz is not None and fold(c.text) != fold(cluster.cands[0].text) else "exact"
        cluster.reasons.add(reason)
        if c.elided:
            cluster.reasons.add("elision")
    return out


def _feminine_pair(a: str, b: str) -> bool:
    return any(
        x.endswith(masc) and y == x[: -len(masc)] + fem for masc, fem in FEMININE_PAIRS for x, y in ((a, b), (b, a))
    )


def similar_surname(a: str, b: str) -> int:
    """A rapidfuzz score (0 when not similar) for two folded surname spellings."""
    if not a or not b or a[0] != b[0] or abs(len(a) - len(b)) > FUZZY_MAX_LEN_DIFF:
        return 0
    if _feminine_pair(a, b):
        return 0
    score = int(fuzz.ratio(a, b))
    if score >= FUZZY_MIN_RATIO:
        return score
    prefix = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        prefix += 1
    if prefix >= FUZZY_MIN_PREFIX and prefix >= FUZZY_PREFIX_SHARE * min(len(a), len(b)):
        return max(score, FUZZY_MIN_RATIO)
    ka, kb = spelling_key(a), spelling_key(b)
    if ka[:1] == kb[:1] and fuzz.ratio(ka, kb) >= FUZZY_MIN_RATIO:
        return FUZZY_MIN_RATIO  # "vescovic" / "veskovic": two spellings of one sound
    return 0


def _part_merges(clusters: list[Cluster]) -> None:
    """A one-word person mention equal to the surname (or, failing that, the
    forename) of exactly one multi-word person merges into it."""
    full = [i for i, c in enumerate(clusters) if c.cands and c.type == "PER" and len(c.words()) > 1]
    for j, c in enumerate(clusters):
        if not c.cands or len(c.words()) != 1 or (c.type != "PER" and c.gaz is not None):
            continue  # spaCy often calls a lone surname a place: "Ferrand dénonce"
        w = c.words()[0]
        for pos, reason in ((-1, "surname"), (0, "forename")):
            hosts = [
                i for i in full if clusters[i].cands and clusters[i].words()[pos] == w and _compatible(clusters[i], c)
            ]
            if len(hosts) == 1:
                _merge(clusters, hosts[0], j, reason)
                break


def _org_part_merges(clusters: list[Cluster]) -> None:
    """ "Bloomberg" and "Bloomberg TV": a one-word organisation equal to the first
    word of exactly one longer organisation of the article."""
    full = [i for i, c in enumerate(clusters) if c.cands and c.type == "ORG" and len(c.words()) > 1]
    for j, c in enumerate(clusters):
        if not c.cands or c.type != "ORG" or len(c.words()) != 1:
            continue
        hosts = [
            i
            for i in full
            if clusters[i].cands and clusters[i].words()[0] == c.words()[0] and _compatible(clusters[i], c)
        ]
        if len(hosts) == 1:
            _merge(clusters, hosts[0], j, "part")


def _pair_score(a: Cluster, b: Cluster) -> int:
    wa, wb = a.words(), b.words()
    if not wa or not wb:
        return 0
    score = similar_surname(wa[-1], wb[-1])
    if len(wa) > 1 and len(wb) > 1:
        fa, fb = wa[0], wb[0]
        if not score and fa == fb and len(wa) == len(wb) and wa[-1][:1] == wb[-1][:1]:
            ratio = int(fuzz.ratio(wa[-1], wb[-1]))
            score = ratio if ratio >= SAME_FORENAME_MIN_RATIO else 0
        if score and (fa[0] != fb[0] or fuzz.ratio(fa, fb) < FORENAME_MIN_RATIO):
            return 0
    return score


def _ambiguous(clusters: list[Cluster], people: list[int], j: int) -> bool:
    """A one-word name close to the surnames of several full names."""
    b = clusters[j]
    if len(b.words()) != 1:
        return False
    hosts = [
        i
        for i in people
        if i != j and clusters[i].cands and len(clusters[i].words()) > 1 and _pair_score(clusters[i], b)
    ]
    return len(hosts) > 1


def _fuzzy_merges(clusters: list[Cluster]) -> None:
    """Typos and transliterations of one person (Zelensky/Zelenskyy,
    Marc Ruttea/Mark Rutte), among this article's own person names only.
    A one-word name close to several full names stays apart."""
    people = [i for i, c in enumerate(clusters) if c.cands and c.type == "PER"]
    for j in people:
        b = clusters[j]
        if not b.cands:
            continue
        partners = [
            (score, i)
            for i in people
            if i != j and clusters[i].cands and _compatible(clusters[i], b) and (score := _pair_score(clusters[i], b))
        ]
        partners = [(score, i) for score, i in partners if not _ambiguous(clusters, people, i)]
        if not partners or _ambiguous(clusters, people, j):
            continue
        score, i = max(partners)
        keep, drop = (i, j) if len(clusters[i].words()) >= len(b.words()) else (j, i)
        if clusters[drop].gaz is not None and clusters[keep].gaz is None:
            keep, drop = drop, keep
        _merge(clusters, keep, drop, f"fuzzy:{score}")


def _particle(word: str) -> bool:
    return word in NAME_PARTICLES or word + "'" in NAME_PARTICLES  # "d" of "d'Azov"


def initials(name: str) -> set[str]:
    """Both readings of a name's initials: all words but particles, capitalised
    words only; accents folded ("Union des États ..." -> "UE...")."""
    words = [w for w in re.split(r"[\s'’-]+", name) if w and not _particle(w.lower())]
    readings = ("".join(w[0] for w in words), "".join(w[0] for w in words if w[0].isupper()))
    return {fold(r).upper() for r in readings}


def _acronym_merges(clusters: list[Cluster]) -> None:
    """ "Fonds européen de défense" and "FED": an all-caps ORG that spells the
    initials of exactly one other ORG of the article."""
    orgs = [i for i, c in enumerate(clusters) if c.cands and c.type == "ORG"]
    for j in orgs:
        acr = clusters[j].name
        if not (acr.isupper() and 2 <= len(acr) <= 8 and " " not in acr):
            continue
        hosts = [
            i
            for i in orgs
            if i != j
            and clusters[i].cands
            and fold(acr).upper() in initials(clusters[i].name)
            and _compatible(clusters[i], clusters[j])
        ]
        if len(hosts) == 1:
            _merge(clusters, hosts[0], j, "acronym")


def _feature_merges(clusters: list[Cluster], features: frozenset[str]) -> None:
    """ "Morève" and "banc de Morève": a one-word place equal to the name in
    exactly one "<feature> de <name>" place of the article."""
    hosts: dict[str, list[int]] = {}
    for i, c in enumerate(clusters):
        m = FEATURE_NAME.match(fold(c.name)) if c.cands and c.type == "LOC" else None
        if m is not None and m.group(1) in features:
            hosts.setdefault(m.group(2), []).append(i)
    for j, c in enumerate(clusters):
        if c.cands and c.type == "LOC" and c.gaz is None and len(hosts.get(fold(c.name), ())) == 1:
            _merge(clusters, hosts[fold(c.name)][0], j, "feature")


def canonicalise(cands: list[Candidate], *, features: frozenset[str] = frozenset()) -> list[Cluster]:
    """Clusters of candidates, one per real-world entity, in text order.
    ``features`` are the nouns of "golfe de X" places (a bare "X" joins them)."""
    clusters = _group_by_key(cands)
    _feature_merges(clusters, features)
    _part_merges(clusters)
    _fuzzy_merges(clusters)
    _acronym_merges(clusters)
    _org_part_merges(clusters)
    _part_merges(clusters)
    out = [c for c in clusters if c.cands]
    for c in out:
        c.cands.sort(key=lambda m: m.start)
    out.sort(key=lambda c: c.cands[0].start)
    return out
