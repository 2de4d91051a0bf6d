"""The entry point: files and folders in, articles and rejects out."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from recoupe.errors import InputError
from recoupe.ingest.common import reject
from recoupe.ingest.feed import is_feed, read_feed
from recoupe.ingest.html import read_html
from recoupe.ingest.jsonl import read_jsonl
from recoupe.ingest.meta import META_FILENAME, Meta, apply_meta, by_url, read_meta
from recoupe.ingest.text import read_txt
from recoupe.ingest.warc import read_warc
from recoupe.records import RawArticle, Reject
from recoupe.settings import Settings

Reader = Callable[..., Iterator[RawArticle | Reject]]
Item = RawArticle | Reject

# name endings -> format, longest first so ".jsonl.gz" wins over ".gz"
EXTENSIONS: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".warc.gz", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".txt", "txt"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),  # only when the content is a feed
    (".warc", "warc"),
)
READERS: dict[str, Reader] = {
    "txt": read_txt,
    "html": read_html,
    "jsonl": read_jsonl,
    "feed": read_feed,
    "warc": read_warc,
}
SUPPORTED = ".txt, .html/.htm, .jsonl/.ndjson(.gz), .xml/.rss/.atom feeds, .warc(.gz)"
SIDECAR_SUFFIXES = (".gold.json",)
SIDECAR_PREFIXES = ("readme",)


def detect_format(path: Path) -> str | None:
    """The reader for ``path`` from its name (and, for ``.xml``, its content)."""
    name = path.name.lower()
    for ending, fmt in EXTENSIONS:
        if name.endswith(ending):
            if ending == ".xml" and not is_feed(path):
                return None
            return fmt
    return None


def is_sidecar(path: Path) -> bool:
    name = path.name.lower()
    return name == META_FILENAME or name.endswith(SIDECAR_SUFFIXES) or name.startswith(SIDECAR_PREFIXES)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, sorted, hidden files and folders left out."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                path = Path(root) / name
                found.append((path.relative_to(folder).parts, path))
    return (path for _, path in sorted(found))


def _merge(*layers: Meta) -> Meta:
    merged: Meta = {}
    for layer in layers:
        for id, values in layer.items():
            merged[id] = {**merged.get(id, {}), **values}
    return merged


class _SidecarCache:
    """Sidecar ``meta.jsonl`` files, read once per folder; a bad one -> a Reject."""

    def __init__(self) -> None:
        self.loaded: dict[Path, Meta] = {}
        self.problems: list[Reject] = []

    def get(self, folder: Path) -> Meta:
        if folder not in self.loaded:
            path = folder / META_FILENAME
            meta: Meta = {}
            if path.is_file():
                try:
                    meta = read_meta(path)
                except InputError as exc:
                    self.problems.append(reject(str(path), "bad-meta", f"sidecar ignored: {exc}"))
            self.loaded[folder] = meta
        return self.loaded[folder]

    def chain(self, top: Path, folder: Path) -> Meta:
        """Sidecars from ``top`` down to ``folder``; the closest wins."""
        folders = [folder, *folder.parents]
        folders = folders[: folders.index(top) + 1] if top in folders else [folder]
        return _merge(*(self.get(f) for f in reversed(folders)))


def _plan(paths: Iterable[str | Path]) -> list[tuple[Path, Path, str]]:
    """``(file, top folder, format)`` for every input, raising on misuse."""
    plan: list[tuple[Path, Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                fmt = None if is_sidecar(file) else detect_format(file)
                if fmt:
                    plan.append((file, path, fmt))
        elif path.is_file():
            fmt = detect_format(path)
            if fmt is None:
                raise InputError(f"{path}: unknown input format; supported: {SUPPORTED}")
            plan.append((path, path.parent, fmt))
        else:
            raise InputError(f"input not found: {path}")
    return plan


def _read_one(path: Path, fmt: str, settings: Settings) -> Iterator[Item]:
    try:
        yield from READERS[fmt](path, settings=settings)
    except OSError as exc:
        yield reject(str(path), "unreadable", f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # last resort: one bad file never stops the others
        yield reject(str(path), "reader-error", f"{fmt} reader failed: {type(exc).__name__}: {exc}")


def read_inputs(
    paths: Iterable[str | Path],
    *,
    meta: str | Path | None = None,
    settings: Settings | None = None,
) -> Iterator[RawArticle | Reject]:
    """Read files and folders (recursively, sorted) into articles and rejects.

    Misuse is checked before anything is read: a missing path, an explicit
    file of an unknown format or a malformed ``meta`` file raises
    :class:`InputError`. In folders, unknown files and sidecars
    (``meta.jsonl``, ``*.gold.json``, ``README*``) are skipped. A folder's
    ``meta.jsonl`` applies to the articles under it; ``meta`` applies to all
    and wins."""
    plan = _plan([paths] if isinstance(paths, (str, Path)) else paths)  # one path given bare
    explicit = read_meta(meta) if meta is not None else {}
    return _generate(plan, explicit, settings or Settings())


def _generate(plan: list[tuple[Path, Path, str]], explicit: Meta, settings: Settings) -> Iterator[Item]:
    sidecars = _SidecarCache()
    for path, top, fmt in plan:
        layers = _merge(sidecars.chain(top, path.parent), explicit)
        yield from sidecars.problems
        sidecars.problems.clear()
        urls = by_url(layers)
        for item in _read_one(path, fmt, settings):
            yield apply_meta(item, layers, urls=urls) if isinstance(item, RawArticle) else item
