"""Paths in, Documents out: one reader per format, one clear problem per bad input.

`collect(paths)` walks directories (sorted) and yields either a Path to read or an
InputProblem; `read(path)` turns a file into a Document or raises InputError. Standard input
is a `Stdin` input (the `-` of the command line), read once, named and typed by
`--stdin-filename` (plain text when it has no name). A web address is a `Url` input, fetched
by the run's `web.Fetcher`: its content type picks the reader and the final address (after
redirects) is the document's path.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from pathlib import Path

from claimcheck.ingest import html, markdown, pdf, text, web, word
from claimcheck.ingest.web import Url
from claimcheck.model import Document, InputProblem

READERS = {
    ".txt": ("txt", text.parse),
    ".text": ("txt", text.parse),
    ".md": ("md", markdown.parse),
    ".markdown": ("md", markdown.parse),
    ".html": ("html", html.parse),
    ".htm": ("html", html.parse),
    ".docx": ("docx", word.parse),
    ".pdf": ("pdf", pdf.parse),
}
BINARY = frozenset({"docx", "pdf"})
"""Formats whose reader takes the file's bytes (and raises ValueError for a bad file)."""
SUPPORTED = ", ".join(sorted({s for s in READERS if s in (".txt", ".md", ".html", ".docx", ".pdf")}))
_SNIFF = 8192


@dataclass(frozen=True)
class Stdin:
    """Standard input, as the document `name` (its suffix gives the format; none: text)."""

    name: str = "-"

    @property
    def suffix(self) -> str:
        suffix = Path(self.name).suffix.lower()
        return suffix if self.name != "-" else ".txt"


class InputError(Exception):
    """A file that cannot be audited. `str()` is the one line shown to the user."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.problem = InputProblem(path, message, line)
        super().__init__(str(self.problem))


def display_path(path: Path) -> str:
    """The path as reports show it: relative to the working directory when below it. A
    symbolic link keeps its own name (only the folders above it are resolved)."""
    located = path.parent.resolve() / path.name if path.name else path.resolve()
    try:
        shown = located.relative_to(Path.cwd().resolve())
    except ValueError:
        shown = located if path.is_absolute() else path
    return shown.as_posix()


Input = Path | Stdin | Url
"""One input named on the command line or in the configuration."""


def collect(paths: Iterable[Input], exclude: Sequence[str] = (),
            ) -> Iterator[Input | InputProblem]:
    """Every supported file named or found under the given paths, in order; problems inline.

    Files found by walking a directory are passed over when their name or their path below
    that directory matches an `exclude` glob; a file named directly is always taken.
    """
    stdin = False
    for path in paths:
        if isinstance(path, Stdin):
            if stdin:
                yield InputProblem(path.name, "standard input named twice: it is read once")
            elif path.suffix not in READERS:
                yield InputProblem(path.name, f"unsupported file type {path.suffix or '(none)'!r} "
                                              f"for standard input (supported: {SUPPORTED})")
            else:
                yield path
            stdin = True
            continue
        if isinstance(path, Url):
            yield path  # what it is, the server says: decided when it is fetched
            continue
        kind = _kind(path)
        if isinstance(kind, InputProblem):
            yield kind
        elif kind == "folder":
            found = sorted(p for p in _walk(path) if not _excluded(p, path, exclude))
            if not found:
                yield InputProblem(display_path(path), f"no {SUPPORTED} files in this directory")
            yield from found
        elif path.suffix.lower() in READERS:
            yield path
        else:
            yield InputProblem(
                display_path(path),
                f"unsupported file type {path.suffix or '(none)'!r} (supported: {SUPPORTED})",
            )


def _kind(path: Path) -> str | InputProblem:
    """"file" or "folder", or the problem that makes the path unusable."""
    shown = display_path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return InputProblem(shown, f"broken symbolic link (to {os.readlink(path)}, "
                                       f"which does not exist)")
        return InputProblem(shown, "no such file or directory")
    except OSError as exc:
        return InputProblem(shown, f"cannot read: {exc.strerror or exc}")
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    return InputProblem(shown, f"not a regular file (a {_special(mode)}): nothing to audit")


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def _excluded(path: Path, folder: Path, patterns: Sequence[str]) -> bool:
    below = path.relative_to(folder).as_posix()
    return any(fnmatch(path.name, p) or fnmatch(below, p) for p in patterns)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            candidate = Path(root) / name
            if not name.startswith((".", "~$")) and candidate.suffix.lower() in READERS:
                yield candidate


@dataclass(frozen=True, slots=True)
class Raw:
    """What an input holds before it is parsed: its name as shown, its bytes, the format
    that reads them, the charset a server sent and, for a web page, how it was fetched."""

    shown: str
    data: bytes
    format: str
    charset: str | None = None
    origin: object | None = None


def read(path: Input, fetcher: web.Fetcher | None = None) -> Document:
    """Read and parse one file, standard input or web page (fetched by `fetcher`). Raises
    InputError with a one-line reason."""
    return parse(load(path, fetcher))


def load(path: Input, fetcher: web.Fetcher | None = None, shown: str | None = None) -> Raw:
    """The bytes of one file, standard input or web page, unparsed (InputError if they
    cannot be had). `shown`: a file's name as reports show it, when it is read elsewhere than
    where it was named (by a worker of a cluster, from its absolute path)."""
    if isinstance(path, Url):
        if fetcher is None:
            raise InputError(path.url, "web addresses are not read here")
        try:
            page = fetcher.fetch(path.url)
        except web.FetchError as exc:
            raise InputError(path.url, str(exc)) from None
        return Raw(page.url, page.data, READERS[page.suffix][0], page.charset, page.origin)
    fmt = READERS[path.suffix.lower()][0]
    if isinstance(path, Stdin):
        return Raw(path.name, sys.stdin.buffer.read(), fmt)
    shown = shown or display_path(path)
    kind = _kind(path)
    if isinstance(kind, InputProblem):
        raise InputError(shown, kind.message)
    try:
        return Raw(shown, path.read_bytes(), fmt)
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from None


_PARSERS = {fmt: parser for fmt, parser in READERS.values()}


def parse(raw: Raw) -> Document:
    """The Document of loaded bytes (InputError for an empty, binary or undecodable one)."""
    document = _parsed(raw.shown, raw.data, raw.format, _PARSERS[raw.format], raw.charset)
    return replace(document, origin=raw.origin) if raw.origin is not None else document


def _parsed(shown: str, data: bytes, fmt: str, parse, charset: str | None = None) -> Document:
    if fmt in BINARY:
        if not data:
            raise InputError(shown, "empty file: nothing to audit")
        try:
            document = parse(shown, data)
        except ValueError as exc:
            raise InputError(shown, str(exc)) from None
        if not document.blocks:
            raise InputError(shown, "no text to audit")
        return document
    content = decode(shown, data, fmt, charset)
    if not content.strip():
        raise InputError(shown, "empty file: nothing to audit")
    document = parse(shown, content)
    if not document.blocks:
        raise InputError(shown, "no text to audit (only markup, scripts or navigation)")
    return document


def decode(shown: str, data: bytes, fmt: str, charset: str | None = None) -> str:
    """Bytes to str: UTF-8 (BOM allowed), UTF-16 with a BOM, else the charset the server sent
    (`charset`) or an HTML page declares."""
    head = data[:_SNIFF]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(shown, f"undecodable UTF-16 at byte {exc.start}") from None
    if b"\x00" in head:
        raise InputError(shown, "binary file, not text (contains NUL bytes)")
    encoding = charset or (html.declared_charset(head) if fmt == "html" else None)
    try:
        return data.decode(encoding or "utf-8-sig")
    except LookupError:
        where = "sent by the server" if charset else "declared in the page"
        raise InputError(shown, f"unknown charset {encoding!r} {where}") from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            shown,
            f"undecodable byte 0x{bad} at offset {exc.start} "
            f"(not {encoding or 'UTF-8'}; re-save the file as UTF-8)",
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from None
