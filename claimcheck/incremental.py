"""The analysis cache of `claimcheck audit`: what reading and detection made of a document,
so an unchanged document is not parsed, segmented and detected again.

An entry is keyed by the document's bytes (with its name, format, charset and, for a web
page, how it was fetched) and by a fingerprint of everything detection reads: the
configuration that steers it (off-label rules, vocabulary) and every file of the installed
package (code, lexicons, the reference model, the journal list), so a changed rule, lexicon
or model can never serve an old answer. Linking to evidence, the registry (sources.yaml) and
the reviews (claims.yaml) are applied afresh on every run, so editing them invalidates
nothing and is always seen.

Entries live in CACHE/analysis/ (the configuration's `cache`, default .claimcheck-cache), one
pickle per document written atomically; they are read only from there, like Python's own
__pycache__. An entry that cannot be read is recomputed. `--no-cache` skips the cache;
deleting the folder clears it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import claimcheck

if TYPE_CHECKING:
    from claimcheck.config import Config
    from claimcheck.ingest import Raw
    from claimcheck.pipeline import Detected

FOLDER = "analysis"
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


class AnalysisCache:
    """Detection results by document and fingerprint, in `folder`/analysis."""

    def __init__(self, folder: Path, config: Config) -> None:
        self.folder = folder / FOLDER
        steering = repr((config.off_label, config.vocabulary)).encode()
        self.salt = hashlib.sha256(package_fingerprint().encode() + b"\0" + steering).digest()

    def key(self, raw: Raw) -> str:
        digest = hashlib.sha256(self.salt)
        for part in (raw.shown, raw.format, raw.charset or "", repr(raw.origin)):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(raw.data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.pickle"

    def get(self, key: str) -> Detected | None:
        try:
            with self._path(key).open("rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                TypeError, ValueError):
            return None  # a damaged or foreign entry: recompute it

    def put(self, key: str, detected: Detected) -> None:
        """Write an entry atomically; a cache that cannot be written is passed over."""
        import tempfile

        path = self._path(key)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(detected, out, protocol=_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
