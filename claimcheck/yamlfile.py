"""Round-trip YAML files people edit by hand (claims.yaml, sources.yaml): read safely with
line numbers for error messages, written atomically and only when the bytes change, under a
lock for every read-modify-write.

ruamel.yaml keeps comments, key order and flow style, so a file the tool rewrites still
reads as the person left it. What it reads is bounded: no aliases (the "billion laughs"
bomb is refused at the first `*`, before anything is expanded), a date that is no date is a
marked error, and nesting is limited.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter

MAX_DEPTH = 32
"""Deepest nesting a file may have (claims.yaml needs 5)."""
LOCK_TIMEOUT = float(os.environ.get("CLAIMCHECK_LOCK_TIMEOUT", "60"))
"""Seconds a run waits for another run's lock on a file before giving up."""


class YamlFileError(Exception):
    """A file that cannot be used: one line naming it and, where known, the line."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path, self.line = path, line
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


class _Refused(MarkedYAMLError):
    """Well-formed YAML this tool will not read (an alias, a date that is no date)."""


class _Composer(Composer):
    """Refuses aliases. With `repeated_items`, one shape is let through for repair: a list
    item that repeats an earlier item of the same list (`- &a {...}` then `- *a`). That costs
    one reference per alias, so it cannot grow a file's size; every other alias could."""

    repeated_items = False

    def compose_node(self, parent, index):
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            target = self.anchors.get(event.anchor)
            if not (self.repeated_items and isinstance(parent, SequenceNode)
                    and any(item is target for item in parent.value)):
                raise _Refused(None, None, f"YAML aliases (*{event.anchor}) are not allowed: "
                                           f"write the value out", event.start_mark)
        return super().compose_node(parent, index)


class _RepeatedItemsComposer(_Composer):
    repeated_items = True


class _Constructor(RoundTripConstructor):
    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            raise _Refused(None, None, f"{node.value!r} is not a date (YYYY-MM-DD)",
                           node.start_mark) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _Representer(RoundTripRepresenter):
    """Writes a vocabulary member (claimcheck.vocab) as the plain word it stands for."""


_Representer.add_multi_representer(StrEnum, lambda r, data: r.represent_str(str(data)))


def _yaml(repeated_items: bool = False) -> YAML:
    yaml = YAML()
    yaml.Composer = _RepeatedItemsComposer if repeated_items else _Composer
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.max_depth = MAX_DEPTH
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(path: Path, error: type[YamlFileError] = YamlFileError, *,
         repeated_items: bool = False) -> CommentedMap | None:
    """The file's top-level mapping; None when the file is missing or empty."""
    text = read_text(path, error)
    if text is None:
        return None
    data = loads(text, path, error, repeated_items=repeated_items)
    if data is None:
        return None
    if not isinstance(data, CommentedMap):
        raise error(path, "expected a mapping at the top of the file")
    return data


def read_text(path: Path, error: type[YamlFileError] = YamlFileError) -> str | None:
    """The file's text; None when it does not exist."""
    if not path.exists() and not path.is_symlink():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(path, f"cannot read: not UTF-8 (undecodable byte at offset {exc.start})") \
            from None
    except OSError as exc:
        raise error(path, f"cannot read: {exc.strerror or exc}") from None


def loads(text: str, path: Path, error: type[YamlFileError] = YamlFileError, *,
          repeated_items: bool = False, first_line: int = 1) -> object:
    """The round-trip YAML of `text`, read from `path` starting at line `first_line`
    (errors name the file's lines)."""
    try:
        return _yaml(repeated_items).load("\n" * (first_line - 1) + text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc).splitlines()[0]
        if not isinstance(exc, _Refused):
            problem = f"malformed YAML: {problem}"
        raise error(path, problem, mark.line + 1 if mark else None) from None
    except YAMLError as exc:
        raise error(path, f"malformed YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise error(path, f"malformed YAML: nested deeper than {MAX_DEPTH} levels") from None


def line(node: object, key: str | None = None) -> int | None:
    """1-based line of a mapping (or of one of its keys) as read from the file."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        return (lc.key(key)[0] if key is not None else lc.line) + 1
    except (KeyError, TypeError, AttributeError):
        return lc.line + 1 if lc.line is not None else None


def dump(data: CommentedMap, header: str = "") -> str:
    """The text of `data`. A value that appears twice is written out twice, never as an
    anchor and alias: what the tool writes it can always read back."""
    buffer = io.StringIO()
    yaml = _yaml()
    yaml.representer.ignore_aliases = lambda _data: True
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    return text if text.startswith("#") or not header else header + text


@contextmanager
def locked(path: Path, error: type[YamlFileError] = YamlFileError) -> Iterator[None]:
    """Hold `path`'s lock (a hidden `.NAME.lock` beside it) for a read-modify-write, so two
    runs never lose each other's changes. Re-entrant within one process."""
    import filelock  # 14 ms of every start, and only runs that write need it

    lock_path = path.parent / f".{path.name}.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(lock_path, timeout=LOCK_TIMEOUT, is_singleton=True)
        lock.acquire()
    except filelock.Timeout:
        raise error(path, f"another claimcheck run has held its lock ({lock_path.name}) for "
                          f"over {LOCK_TIMEOUT:g} s; try again when it has finished") from None
    except OSError as exc:
        raise error(path, f"cannot lock: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


def write_if_changed(path: Path, text: str | Iterable[str],
                     error: type[YamlFileError] = YamlFileError) -> bool:
    """Write `text` (or its pieces, never held whole) atomically unless the file already
    holds exactly it. True if written."""
    if not isinstance(text, str):
        return _write_pieces_if_changed(path, text, error)
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(path, text, error)
    return True


def _write_pieces_if_changed(path: Path, pieces: Iterable[str],
                             error: type[YamlFileError]) -> bool:
    """write_if_changed for text that comes in pieces: written to a temporary file beside
    `path` while hashed, then kept (renamed over `path`) only if it differs."""
    return _write_atomically(path, pieces, error, unless=_digest(path))


def _digest(path: Path) -> bytes | None:
    """The sha256 of a file's bytes, read a block at a time; None if it cannot be read."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError:
        return None


def unwritable_folder(folder: Path) -> str | None:
    """Why files cannot be written into `folder` (created if need be), or None if they can."""
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None:
        return None
    if not existing.is_dir():
        return f"{existing} is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{existing} is not writable"
    return None


def _mode(path: Path) -> int:
    """The file's current permissions, or what a new file would get (mkstemp's are 0600)."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, text: str, error: type[YamlFileError] = YamlFileError) -> None:
    """Write via a temporary file in the same folder and a rename: never a half-written file.
    A file that cannot be written is `error`, one line; the old file stays as it was."""
    _write_atomically(path, (text,), error)


def _write_atomically(path: Path, pieces: Iterable[str], error: type[YamlFileError],
                      unless: bytes | None = None) -> bool:
    """atomic_write of text in pieces; `unless` the sha256 of what the file holds, when the
    pieces hash the same nothing is replaced. True if the file was replaced."""
    if path.is_dir():
        raise error(path, "cannot write: it is a folder")
    blocked = unwritable_folder(path.parent)
    if blocked:
        raise error(path, f"cannot write: {blocked}")
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
        os.chmod(temporary, _mode(path))
        written = hashlib.sha256()
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            for piece in pieces:
                out.write(piece)
                written.update(piece.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        if unless is not None and written.digest() == unless:
            Path(temporary).unlink()
            return False
        os.replace(temporary, path)
        return True
    except OSError as exc:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise error(path, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise
