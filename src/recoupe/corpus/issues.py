"""User-defined issues (YAML): what stances are taken towards.

The file is a YAML list; each item has ``id``, ``label``, ``proposition``
(the statement a stance supports or opposes) and ``terms`` (seed terms
that link a statement to the issue)::

    - id: ceasefire
      label: Cessez-le-feu
      proposition: Un cessez-le-feu ou une trêve doit être conclu maintenant.
      terms: [cessez-le-feu, trêve, accord de paix]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from recoupe.errors import ConfigError

REQUIRED = ("id", "label", "proposition", "terms")


@dataclass(frozen=True, slots=True)
class Issue:
    id: str
    label: str
    proposition: str
    terms: tuple[str, ...]


def parse_issues(data: object, *, where: str = "issues") -> list[Issue]:
    if not isinstance(data, list):
        raise ConfigError(f"{where}: expected a YAML list of issues, got {type(data).__name__}")
    issues: list[Issue] = []
    seen: set[str] = set()
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: item {i} is not a mapping")
        missing = [k for k in REQUIRED if not item.get(k)]
        if missing:
            raise ConfigError(f"{where}: item {i} lacks {', '.join(missing)} (each issue needs {', '.join(REQUIRED)})")
        terms = item["terms"]
        if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
            raise ConfigError(f"{where}: item {i} ({item['id']}): terms must be a list of strings")
        if item["id"] in seen:
            raise ConfigError(f"{where}: duplicate issue id {item['id']!r}")
        seen.add(str(item["id"]))
        issues.append(Issue(str(item["id"]), str(item["label"]), str(item["proposition"]),
                            tuple(t.strip() for t in terms)))
    return issues


def load_issues(path: str | Path) -> list[Issue]:
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"issues file not found: {p}")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"issues file {p} is not valid YAML: {exc}") from exc
    return parse_issues(data, where=str(p))
