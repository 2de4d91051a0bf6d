"""The entity gazetteer: well-known actors with their types, aliases and ids.

Packaged data lives in ``recoupe/data/gazetteer.yaml``; a user file (YAML
list of entries, or CSV with ``name,type,wikidata,aliases`` columns, aliases
separated by ``|``) may add entries or override packaged ones by name.
Lookups are dict hits on precomputed keys, never scans of the list.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from recoupe.errors import ConfigError

TYPES = ("PER", "ORG", "LOC", "MISC")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " "})
_MIN_FOLDED_LEN = 4  # shorter forms ("UN", "EU", "AP") only match with their exact case


def norm(text: str) -> str:
    """Apostrophes unified, whitespace collapsed: the exact-match key."""
    return re.sub(r"\s+", " ", text.translate(_APOSTROPHES)).strip()


def fold(text: str) -> str:
    """Case- and accent-folded key ("États-Unis" -> "etats-unis")."""
    decomposed = unicodedata.normalize("NFKD", norm(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True, slots=True)
class GazEntry:
    name: str
    type: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()  # ambiguous alone: only when the entity is named otherwise
    actor: bool = False  # a place or building that stands for an institution

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Gazetteer:
    entries: tuple[GazEntry, ...] = ()
    _exact: dict[str, GazEntry] = field(default_factory=dict, repr=False)
    _folded: dict[str, GazEntry] = field(default_factory=dict, repr=False)
    _weak: dict[str, GazEntry] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, entries: list[GazEntry]) -> Gazetteer:
        by_name: dict[str, GazEntry] = {}
        for e in entries:  # later entries (the user file) override earlier ones
            by_name[e.name] = e
        final = tuple(by_name.values())
        exact: dict[str, GazEntry] = {}
        folded: dict[str, GazEntry] = {}
        weak: dict[str, GazEntry] = {}
        for e in final:
            for form in e.forms:
                exact.setdefault(norm(form), e)
                if len(form) >= _MIN_FOLDED_LEN:
                    folded.setdefault(fold(form), e)
            for form in e.weak:
                weak.setdefault(norm(form), e)
        return cls(final, exact, folded, weak)

    def lookup(self, text: str) -> GazEntry | None:
        """The entry a surface form names, or ``None`` (weak aliases excluded)."""
        key = norm(text)
        hit = self._exact.get(key)
        if hit is None and len(key) >= _MIN_FOLDED_LEN:
            hit = self._folded.get(fold(key))
        return hit

    def weak_lookup(self, text: str) -> GazEntry | None:
        """The entry an ambiguous alias ("Alliance") may stand for."""
        return self._weak.get(norm(text))

    def __len__(self) -> int:
        return len(self.entries)


def _entry(raw: object, where: str) -> GazEntry:
    if not isinstance(raw, dict) or not raw.get("name") or not raw.get("type"):
        raise ConfigError(f"gazetteer {where}: each entry needs a name and a type, got {raw!r}")
    etype = str(raw["type"]).upper()
    if etype not in TYPES:
        raise ConfigError(f"gazetteer {where}: type {etype!r} for {raw['name']!r}; valid: {list(TYPES)}")

    def strings(key: str) -> tuple[str, ...]:
        value = raw.get(key) or ()
        if isinstance(value, str):
            value = [v for v in value.split("|") if v.strip()]
        return tuple(str(v).strip() for v in value)

    wikidata = raw.get("wikidata") or None
    return GazEntry(
        name=str(raw["name"]).strip(),
        type=etype,
        wikidata=str(wikidata) if wikidata else None,
        aliases=strings("aliases"),
        weak=strings("weak"),
        actor=bool(raw.get("actor", False)),
    )


def _read_entries(text: str, where: str, *, is_csv: bool = False) -> list[GazEntry]:
    if is_csv:
        return [_entry(row, where) for row in csv.DictReader(text.splitlines())]
    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise ConfigError(f"gazetteer {where}: {exc}") from exc
    if not isinstance(data, list):
        raise ConfigError(f"gazetteer {where}: expected a list of entries")
    return [_entry(raw, where) for raw in data]


@lru_cache(maxsize=1)
def _packaged() -> tuple[GazEntry, ...]:
    text = resources.files("recoupe").joinpath("data", "gazetteer.yaml").read_text(encoding="utf-8")
    return tuple(_read_entries(text, "gazetteer.yaml"))


def load_gazetteer(extra: str | Path | None = None) -> Gazetteer:
    """The packaged gazetteer, plus the entries of ``extra`` (YAML or CSV)."""
    entries = list(_packaged())
    if extra is not None:
        path = Path(extra)
        if not path.is_file():
            raise ConfigError(f"gazetteer file not found: {path}")
        text = path.read_text(encoding="utf-8")
        entries += _read_entries(text, str(path), is_csv=path.suffix.lower() == ".csv")
    return Gazetteer.build(entries)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, built once per process."""
    return load_gazetteer()
