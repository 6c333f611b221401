"""claims.yaml an entry at a time, so a large catalogue costs what changed in it.

The round trip that keeps people's comments (ruamel.yaml) reads and writes a few hundred KB
a second; a catalogue of generated claims is megabytes. The file the tool writes has one
shape: comment lines, `schema: 1`, `claims:`, then one list item per claim starting at
`  - `. A file in that shape is cut at those items, and each entry is read the cheapest way
that is exact for it:

- a generated entry in the tool's own layout (one `key: value` per line, places one flow
  mapping per line) holding nothing round-tripping could keep (no comment, anchor, alias,
  tag or review) and no scalar that YAML 1.1 and 1.2 read differently (`yes`, `1:20`,
  `012`, `1e3`, a `?` or `:` inside a flow collection) is read by libyaml's C loader, fifty
  such entries to a call;
- every other entry (the reviewed ones, the commented ones) is read by ruamel.yaml, on its
  own lines.

Anything else (another shape, an entry the schema refuses, YAML either loader refuses) is
read again whole by ruamel.yaml, whose reading, and error with its line, is the one that
counts; so is a file that is not in the shape.

On writing, an entry whose content did not change is written as the very text it was read
from; a changed generated entry is written by libyaml's C emitter in the tool's own style
(what ruamel.yaml writes, byte for byte: tests/test_catalog_layout.py proves it), a changed
reviewed or commented entry by ruamel.yaml.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from claimcheck import yamlfile

from .writing import commented

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PREFIX = re.compile(r"(?:#[^\n]*\n)*schema: (?P<schema>[0-9]+)\nclaims:\n")
_ITEM = re.compile(r"^  - ", re.MULTILINE)
_OUTSIDE = re.compile(r"^[^ \t\n#]", re.MULTILINE)
"""A line at the left margin after the list: another key, a document marker."""
_TOOL_SHAPE = re.compile(r"  - [a-z_]+:[^\n]*\n(?:    [a-z_]+:[^\n]*\n|      - \{[^\n]*\n)*")
_KEY = re.compile(r"^(?:  - |    )([a-z_]+):", re.MULTILINE)
_ROUND_TRIP = re.compile(r"^    review:|[ \t]#|^  - &", re.MULTILINE)
"""A person's review (its styles and comments are kept), a comment, an anchored entry."""
_BLOCK_ODD = re.compile(
    r"^(?:  - |    )[a-z_]+: (?![\[{])(?:"
    r"[&*!|>%@`?]"  # an anchor, alias, tag, block scalar or reserved indicator
    r"|\"[^\n]*\\[/\t]"  # an escape only YAML 1.2 knows, in a double-quoted text
    r"|(?i:y|n|yes|no|on|off)$"  # a YAML 1.1 boolean, a 1.2 string
    r"|(?![0-9]+(?:\.[0-9]+)?$)[-+.]?[0-9][^ \n]*$)",  # 1:20, 012, 1e3: 1.1 and 1.2 part
    re.MULTILINE)
"""A block value (`key: value`) that libyaml may read otherwise than ruamel.yaml."""
_FLOW_LINE = re.compile(r"^(?:    [a-z_]+: [\[{]|      - \{)[^\n]*", re.MULTILINE)
_FLOW_ODD = re.compile(
    r"[#?\\]|:[^ \n]"  # what YAML 1.1 and 1.2 part on in a flow collection, escapes
    r"|(?:[\[{,]|: ) ?(?:[&*!]"
    r"|(?i:y|n|yes|no|on|off) ?[,\]}]"
    r"|(?![0-9]+(?:\.[0-9]+)?[,\]}])[-+.]?[0-9][^ \n,\]}]*[,\]}])")
"""An item of a flow collection that libyaml may read otherwise than ruamel.yaml."""
_BATCH = 50
"""Entries the C loader reads, or the emitter writes, in one call: both build a call's whole
node tree at once, so a catalogue is read and written a few entries at a time, in little
memory (reading 500 to a call held 120 MB at once for a 3 MB catalogue, 50 hold 30 MB;
writing a 12 MB one 500 to a call held 280 MB, 50 hold 41 MB; as fast either way)."""
LONGEST_PLAIN = 4000
"""Longest text the C emitter writes (longer ones ruamel.yaml writes, as it folds them)."""
_STR = "tag:yaml.org,2002:str"
_RESOLVE_11 = yaml.resolver.Resolver()
_RESOLVE_12 = VersionedResolver(version=(1, 2))
_ESCAPED = re.compile("[^\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
"""What libyaml writes as an escape where ruamel.yaml writes the character itself."""
_ANALYSE = yaml.emitter.Emitter(io.StringIO())
"""libyaml's choice of style, in PyYAML's Python copy of its emitter."""


class _Flow(list):
    """A list written [in, one, line]."""


class _FlowMap(dict):
    """A mapping written {key: value}."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


_Dumper.add_representer(_Flow, lambda r, data: r.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))
_Dumper.add_representer(_FlowMap, lambda r, data: r.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=True))
_Dumper.add_multi_representer(str, lambda r, data: r.represent_str(str(data)))


@dataclass
class _Read:
    entry: dict
    text: str
    said: bytes
    """A digest of what the entry said when read (see `said`)."""


@dataclass
class Layout:
    """Where each entry of a catalogue came from, to write unchanged entries as they were."""

    prefix: str
    read: dict[int, _Read] = field(default_factory=dict)

    def keep(self, entry: dict, text: str, digest: bytes | None = None) -> None:
        self.read[id(entry)] = _Read(entry, text, digest or said(entry))

    def unchanged(self, entry: dict) -> str | None:
        """The text an entry was read from, if it still says exactly that."""
        was = self.read.get(id(entry))
        if was is None or was.entry is not entry or said(entry) != was.said:
            return None
        return was.text


def fresh(header: str, schema: int) -> Layout:
    """The layout of a catalogue that does not exist yet."""
    return Layout(f"{header}schema: {schema}\nclaims:\n")


class Memo(Protocol):
    """Entries the C loader read before, by the digest of their text (incremental.Entries)."""

    def known(self) -> dict[bytes, tuple[dict, bytes]]: ...

    def keep(self, entries: dict[bytes, tuple[dict, bytes]]) -> None: ...


def read(text: str, path: Path, schema: int, error: type[yamlfile.YamlFileError],
         memo: Memo | None = None) -> tuple[Layout, list[dict]] | None:
    """The catalogue's layout and entries (in file order, not yet validated), or None when
    the file is not in the shape the tool writes or a chunk does not read cleanly (the
    caller then reads it whole, and any error it reports is the whole file's). With a
    `memo`, an entry whose very text the C loader read before is taken from it (with what
    it said) instead of read again, and the memo is given this file's entries when any
    was new: an audit reads back the catalogue the last one wrote, all but what changed."""
    head = _PREFIX.match(text)
    if head is None or int(head["schema"]) != schema:
        return None
    rest = text[head.end():]
    if not rest.endswith("\n") or _OUTSIDE.search(rest):
        return None
    starts = [m.start() for m in _ITEM.finditer(rest)]
    if not starts or starts[0] != 0:
        return None
    chunks = [rest[a:b] for a, b in zip(starts, [*starts[1:], len(rest)], strict=True)]
    entries: list[object] = [None] * len(chunks)
    digests: list[bytes | None] = [None] * len(chunks)
    known = memo.known() if memo is not None else {}
    taken: set[bytes] = set()
    if memo is not None:
        for index, chunk in enumerate(chunks):
            digests[index] = key = _chunk_digest(chunk)
            if key in known:  # a chunk met twice is two entries: the second a copy
                entries[index] = copy.deepcopy(known[key][0]) if key in taken else known[key][0]
                taken.add(key)
    plain = [i for i, chunk in enumerate(chunks) if entries[i] is None and _loads_in_c(chunk)]
    fresh = set(plain)
    loaded: list[object] = []
    for first in range(0, len(plain), _BATCH):
        batch = plain[first:first + _BATCH]
        try:
            items = yaml.load("".join(chunks[i] for i in batch), Loader=_LOADER)
        except (yaml.YAMLError, ValueError, TypeError, RecursionError):
            return None
        if not isinstance(items, list) or len(items) != len(batch):
            return None
        loaded += items
    for index, entry in zip(plain, loaded, strict=True):
        entries[index] = entry
    for index, chunk in enumerate(chunks):
        if index in fresh or digests[index] in known:
            continue
        try:
            items = yamlfile.loads(chunk, path, error, repeated_items=True)
        except error:
            return None
        if not isinstance(items, list) or len(items) != 1:
            return None  # an alias to another entry, or more than one entry
        entries[index] = items[0]
    layout = Layout(text[:head.end()])
    for index, (entry, chunk) in enumerate(zip(entries, chunks, strict=True)):
        if not isinstance(entry, dict):
            return None
        key = digests[index]
        layout.keep(entry, chunk, known[key][1] if key in known else None)
    if memo is not None and fresh:
        memo.keep({digests[i]: (entries[i], layout.read[id(entries[i])].said)  # type: ignore[misc]
                   for i, key in enumerate(digests) if i in fresh or key in known})
    return layout, entries  # type: ignore[return-value]


def _chunk_digest(chunk: str) -> bytes:
    return hashlib.blake2b(chunk.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _loads_in_c(chunk: str) -> bool:
    """Whether the C loader reads this entry exactly as ruamel.yaml does."""
    if not _TOOL_SHAPE.fullmatch(chunk) or _ROUND_TRIP.search(chunk) or _BLOCK_ODD.search(chunk):
        return False
    if any(_FLOW_ODD.search(line.group()) for line in _FLOW_LINE.finditer(chunk)):
        return False
    keys = _KEY.findall(chunk)
    return len(keys) == len(set(keys))  # ruamel.yaml refuses a repeated key; libyaml does not


def said(entry: dict) -> bytes:
    """A 256-bit digest of what an entry says (its snapshot), to tell later whether it still
    says it without keeping a copy of every entry."""
    return hashlib.blake2b(repr(snapshot(entry)).encode("utf-8", "surrogatepass"),
                           digest_size=32).digest()


def snapshot(value: object) -> tuple:
    """What an entry says, key order and value types included, as a comparable value."""
    if isinstance(value, dict):
        return ("map", tuple((k, snapshot(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", tuple(snapshot(v) for v in value))
    return (type(value), value)


def render(layout: Layout, claims: list[dict]) -> list[str] | None:
    """The catalogue's text in pieces (the prefix, then an entry each), unchanged entries as
    they were read; None if it is better written whole (no entries, or one that cannot be
    written on its own)."""
    if not claims:
        return None
    texts: list[str | None] = [layout.unchanged(entry) for entry in claims]
    todo = [i for i, t in enumerate(texts) if t is None]
    fast = [i for i in todo if _plain(claims[i])]
    fast_set = set(fast)
    exact = [i for i in todo if i not in fast_set]
    for indices, emit in ((fast, _emit_plain), (exact, _emit_exact)):
        for first in range(0, len(indices), _BATCH):
            batch = indices[first:first + _BATCH]
            written = emit([claims[i] for i in batch])
            if written is None:
                return None
            for index, text in zip(batch, written, strict=True):
                texts[index] = text
    return [layout.prefix, *texts]  # type: ignore[list-item]


def _plain(entry: dict) -> bool:
    """Whether the C emitter writes this entry as ruamel.yaml would: a generated entry (no
    review, nothing that keeps comments, no empty value) whose every text the two write
    alike."""
    if isinstance(entry, CommentedMap) or "review" in entry:
        return False
    for value in entry.values():
        if isinstance(value, str):
            if not _plain_text(value, flow=False):
                return False
            continue
        for item in value if isinstance(value, list) else [value]:
            for scalar in (item.values() if isinstance(item, dict) else [item]):
                if scalar is None or isinstance(scalar, dict | list):
                    return False
                if isinstance(scalar, str) and not _plain_text(scalar, flow=True):
                    return False
    return True


def _plain_text(text: str, *, flow: bool) -> bool:
    """Whether libyaml writes `text` as ruamel.yaml does. They part on a one-line text in
    four ways: libyaml escapes characters beyond the Basic Multilingual Plane (emoji); YAML 1.1 and 1.2 read it differently (one quotes `yes`, the other `0o17`);
    it needs quotes and holds an apostrophe (libyaml quotes it 'it''s', ruamel.yaml "it's");
    it holds `?` or `:` in a flow collection (YAML 1.1 quotes them, 1.2 need not)."""
    if len(text) > LONGEST_PLAIN or not text.isprintable() or _ESCAPED.search(text):
        return False
    if (_RESOLVE_11.resolve(yaml.ScalarNode, text, (True, False)) == _STR) != (
            _RESOLVE_12.resolve(ScalarNode, text, (True, False)) == _STR):
        return False
    if "'" not in text and not (flow and ("?" in text or ":" in text)):
        return True
    analysis = _ANALYSE.analyze_scalar(text)
    return analysis.allow_flow_plain if flow else analysis.allow_block_plain


def _emit_plain(entries: list[dict]) -> list[str] | None:
    shaped = [{k: _shape(k, v) for k, v in entry.items()} for entry in entries]
    text = yaml.dump(shaped, Dumper=_Dumper, sort_keys=False, width=4096, allow_unicode=True,
                     default_flow_style=False)
    # libyaml writes a top-level list, its nested lists unindented; the catalogue's list
    # is under `claims:` with every list indented by two.
    lines = [("    " + line if line.startswith("  - ") else "  " + line)
             for line in text.splitlines(keepends=True)]
    return _items("".join(lines), len(entries))


def _shape(key: str, value: object) -> object:
    if key == "places" and isinstance(value, list):
        return [_FlowMap(p) if isinstance(p, dict) else p for p in value]
    if isinstance(value, list):
        return _Flow(value)
    if isinstance(value, dict):
        return _FlowMap(value)
    return value


def _emit_exact(entries: list[dict]) -> list[str] | None:
    text = yamlfile.dump(CommentedMap(claims=CommentedSeq(commented(e) for e in entries)))
    return _items(text.partition("\n")[2], len(entries))


def _items(text: str, count: int) -> list[str] | None:
    starts = [m.start() for m in _ITEM.finditer(text)]
    if len(starts) != count or (starts and starts[0] != 0):
        return None
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
