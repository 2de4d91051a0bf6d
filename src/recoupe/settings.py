"""One explicit Settings object: defaults, then a user file, then environment.

No module-level state: the settings are built once and passed in.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from recoupe.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = "fr_core_news_md"
    batch_size: int = 32
    workers: int = 1
    db: str = "recoupe.db"
    html_timeout_s: float = 10.0  # per-document limit for HTML extraction
    max_file_mb: float = 64.0  # larger inputs are rejected ("too-large")
    max_chars_per_article: int = 200_000  # longer bodies are cut to this, with a note
    gazetteer: str | None = None  # extra gazetteer file (YAML/CSV)


ENV_PREFIX = "RECOUPE_"


def _coerce(name: str, raw: str, current: object) -> object:
    try:
        if isinstance(current, bool):
            return raw.lower() in {"1", "true", "yes", "on"}
        if isinstance(current, int):
            return int(raw)
        if isinstance(current, float):
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"setting {name}: cannot read {raw!r} ({exc})") from exc
    return raw


def load_settings(path: str | Path | None = None, **overrides: object) -> Settings:
    """Defaults, then ``path`` (TOML, a ``[recoupe]`` table or top level),
    then ``RECOUPE_*`` environment variables, then explicit ``overrides``
    (``None`` values are ignored)."""
    settings = Settings()
    names = {f.name for f in fields(Settings)}
    values: dict[str, object] = {}
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"settings file not found: {p}")
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"settings file {p}: {exc}") from exc
        data = data.get("recoupe", data)
        unknown = set(data) - names
        if unknown:
            raise ConfigError(f"unknown settings {sorted(unknown)}; valid: {sorted(names)}")
        values.update(data)
    for name in names:
        raw = os.environ.get(ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = _coerce(name, raw, getattr(settings, name))
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - names
    if unknown:
        raise ConfigError(f"unknown settings {sorted(unknown)}; valid: {sorted(names)}")
    return replace(settings, **values)  # type: ignore[arg-type]
