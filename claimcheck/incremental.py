"""What claimcheck keeps between runs, so work already done is not done again. All of it lives
in CACHE (the configuration's `cache`, default .claimcheck-cache), one pickle per entry written
atomically, read only from there, like Python's own __pycache__; an entry that cannot be read
is recomputed, `--no-cache` skips all of it, deleting the folder clears it.

- CACHE/analysis: what reading and detection made of a document, keyed by the document's
  bytes (with its name, format, charset and, for a web page, how it was fetched) and a
  fingerprint of everything detection reads: the configuration that steers it (off-label
  rules, vocabulary) and every file of the installed package (code, lexicons, the reference
  model, the journal list), so a changed rule, lexicon or model can never serve an old
  answer. Linking to evidence, the registry (sources.yaml) and the reviews (claims.yaml) are
  applied afresh on every run.
- CACHE/catalog: claims.yaml's reviews and ids, keyed by the file's bytes, the registry's
  source ids and the package, so `check` and `audit` need not parse a large catalogue.
- CACHE/entries: claims.yaml's generated entries as read, by the digest of each one's text
  and the package, so an audit reads back the catalogue the last one wrote (all of it but
  what changed) without parsing it again.
- CACHE/runs: a whole audit's answer, keyed by everything it reads (see Audits), given only
  while every file it wrote is as it left it.
- CACHE/sections: each document's section of the HTML report, compressed, keyed by the
  package and the document's whole record (its place in the report, text, claims, statuses,
  reviews), so an audit after one edit renders one section, not every one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import claimcheck

if TYPE_CHECKING:
    from claimcheck.catalog import Library
    from claimcheck.config import Config
    from claimcheck.evidence.registry import Registry
    from claimcheck.ingest import Raw
    from claimcheck.pipeline import Detected

FOLDER = "analysis"
CATALOG = "catalog"
RUNS = "runs"
SECTIONS = "sections"
ENTRIES = "entries"
_PROTOCOL = 5


@cache
def package_fingerprint() -> str:
    """A hash of every file of the installed package (code, lexicons, model, data)."""
    return tree_fingerprint(Path(claimcheck.__file__).parent)


def tree_fingerprint(root: Path) -> str:
    digest = hashlib.sha256(claimcheck.installed_version().encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class Store:
    """Pickles by key in a folder, one file each, written atomically; an entry that cannot be
    read is missing, and a folder that cannot be written is passed over."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.absolute()  # the same folder for a worker in another directory

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.pickle"

    def get(self, key: str) -> object | None:
        try:
            with self._path(key).open("rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                TypeError, ValueError, IndexError):
            return None  # a damaged or foreign entry: recompute it

    def put(self, key: str, value: object) -> None:
        import tempfile

        path = self._path(key)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def digest(*parts: str | bytes) -> str:
    """One hash of several parts (each length-prefixed, so no two lists of parts collide)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        hashed.update(len(data).to_bytes(8, "little") + data)
    return hashed.hexdigest()


class AnalysisCache(Store):
    """Detection results by document and fingerprint, in `folder`/analysis."""

    def __init__(self, folder: Path, config: Config) -> None:
        super().__init__(folder / FOLDER)
        steering = repr((config.off_label, config.vocabulary)).encode()
        self.salt = hashlib.sha256(package_fingerprint().encode() + b"\0" + steering).digest()

    def key(self, raw: Raw) -> str:
        digest = hashlib.sha256(self.salt)
        for part in (raw.shown, raw.format, raw.charset or "", repr(raw.origin)):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(raw.data)
        return digest.hexdigest()

    def get(self, key: str) -> Detected | None:  # type: ignore[override]
        found = super().get(key)
        return found if found is None or type(found).__name__ == "Detected" else None


class Sections(Store):
    """Rendered report sections (text) by the package and what each was rendered from, in
    CACHE/sections, zlib-compressed (HTML shrinks about fivefold)."""

    def __init__(self, cache: Path) -> None:
        super().__init__(cache / SECTIONS)

    def key(self, *parts: str) -> str:
        return digest("section", package_fingerprint(), *parts)

    def get(self, key: str) -> str | None:  # type: ignore[override]
        import zlib

        found = super().get(key)
        if not isinstance(found, bytes):
            return None
        try:
            return zlib.decompress(found).decode("utf-8")
        except (zlib.error, UnicodeDecodeError):
            return None  # damaged: rendered again

    def put(self, key: str, value: str) -> None:  # type: ignore[override]
        import zlib

        super().put(key, zlib.compress(value.encode("utf-8"), 1))


class Entries(Store):
    """A catalogue's generated entries as the C loader read them, by the digest of each one's
    text (catalog.layout.Memo), in CACHE/entries: one pickle per catalogue, replaced by the
    entries of the file last read whenever any of them was new."""

    def __init__(self, cache: Path, catalog: Path) -> None:
        import yaml

        super().__init__(cache / ENTRIES)
        self.key = digest("entries", package_fingerprint(), yaml.__version__,
                          str(catalog.absolute()))

    def known(self) -> dict[bytes, tuple[dict, bytes]]:
        found = self.get(self.key)
        return found if isinstance(found, dict) else {}

    def keep(self, entries: dict[bytes, tuple[dict, bytes]]) -> None:
        self.put(self.key, entries)


def library(path: Path, registry: Registry, cache: Path, *, keep: bool = True) -> Library:
    """claims.yaml's reviews, ready to apply: from CACHE/catalog while the file's bytes, the
    registry's source ids (which reviews are checked against) and the package are those it
    was read with; read, validated and (with `keep`) kept there otherwise."""
    from claimcheck import catalog

    key = _library_key(path, registry)
    if key is None:
        return catalog.library(path, registry)  # missing (empty), or its one-line error
    store = Store(cache / CATALOG)
    found = store.get(key)
    if isinstance(found, catalog.Library):
        return found
    read = catalog.library(path, registry)
    if keep:
        store.put(key, read)
    return read


def remember_library(path: Path, registry: Registry, cache: Path, written: Library) -> None:
    """Keep the reviews of a catalogue just written (catalog.Updated.library), so the next
    command need not read it."""
    key = _library_key(path, registry)
    if key is not None and not written.merged:
        Store(cache / CATALOG).put(key, written)


def _library_key(path: Path, registry: Registry) -> str | None:
    if not path.exists():
        return None
    try:
        data = catalogue_bytes(path)
    except OSError:
        return None
    return digest("library", package_fingerprint(), *(s.id for s in registry.sources), "",
                  *data)


def catalogue_bytes(path: Path) -> list[str | bytes]:
    """What a catalogue holds, for a key: claims.yaml's bytes (none when it does not exist),
    then each part of its Parquet dataset, named."""
    from claimcheck.catalog import columns

    found: list[str | bytes] = [path.read_bytes() if path.exists() else b""]
    for part in columns.parts(columns.folder(path)):
        found += [part.name, part.read_bytes()]
    return found


@dataclass(frozen=True)
class Audit:
    """What an audit left behind, to answer the same audit again without doing it."""

    stdout: str
    files: tuple[tuple[str, int, int], ...]
    """(path, size, mtime in ns) of claims.yaml and each report as the audit left them."""
    outside: tuple[str, ...]
    """Documents outside the run whose places the catalogue kept because the file existed."""


def stamp(path: Path) -> tuple[str, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (str(path), status.st_size, status.st_mtime_ns)


class Audits(Store):
    """Answers of whole audits, in CACHE/runs, by everything an audit reads: the package,
    the configuration, the registry, claims.yaml's bytes, every input's name and bytes, and
    the options that shape what it prints. A hit also needs every file the audit wrote to be
    as it left it (size and modification time) and the documents it kept places of to
    exist; an audit with an input problem or a web page is never kept."""

    def __init__(self, cache: Path) -> None:
        super().__init__(cache / RUNS)

    def key(self, *, settings: Config, registry: Registry, catalog: Path,
            inputs: list[Path], options: tuple) -> str | None:
        parts: list[str | bytes] = ["audit", package_fingerprint(), repr(settings),
                                    repr(registry), str(catalog), repr(options)]
        try:
            parts += catalogue_bytes(catalog)
            for path in inputs:
                parts += [str(path), path.read_bytes()]
        except OSError:
            return None
        return digest(*parts)

    def answer(self, key: str, folder: Path) -> Audit | None:
        """The stored audit for `key`, if what it wrote is still in place."""
        found = self.get(key)
        if not isinstance(found, Audit):
            return None
        if any(stamp(Path(path)) != (path, size, mtime) for path, size, mtime in found.files):
            return None
        if not all((folder / document).exists() for document in found.outside):
            return None
        return found
