"""Round-trip YAML files people edit by hand (claims.yaml, sources.yaml): read with line
numbers for error messages, written atomically and only when the bytes change.

ruamel.yaml keeps comments, key order and flow style, so a file the tool rewrites still
reads as the person left it.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError


class YamlFileError(Exception):
    """A file that cannot be used: one line naming it and, where known, the line."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path, self.line = path, line
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(path: Path, error: type[YamlFileError] = YamlFileError) -> CommentedMap | None:
    """The file's top-level mapping; None when the file is missing or empty."""
    if not path.exists():
        return None
    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(path, f"malformed YAML: {exc.problem}", mark.line + 1 if mark else None) \
            from None
    except YAMLError as exc:
        raise error(path, f"malformed YAML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, f"cannot read: {exc}") from None
    if data is None:
        return None
    if not isinstance(data, CommentedMap):
        raise error(path, "expected a mapping at the top of the file")
    return data


def line(node: object, key: str | None = None) -> int | None:
    """1-based line of a mapping (or of one of its keys) as read from the file."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        return (lc.key(key)[0] if key is not None else lc.line) + 1
    except (KeyError, TypeError, AttributeError):
        return lc.line + 1


def dump(data: CommentedMap, header: str = "") -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    text = buffer.getvalue()
    return text if text.startswith("#") or not header else header + text


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` atomically unless the file already holds exactly it. True if written."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write(path, text)
    return True


def _mode(path: Path) -> int:
    """The file's current permissions, or what a new file would get (mkstemp's are 0600)."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, _mode(path))
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
