"""Markdown via pyromark (pulldown-cmark): CommonMark with tables, footnotes and YAML front
matter, at over 20 MB/s (markdown-it-py managed about 2 on the same pages).

The document text is the source itself, so offsets and lines point into the file the author
edits. Inline markup (emphasis, links) stays in the statement text; block markers (#, list
bullets, >), code, raw HTML blocks and front matter do not become statements.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import pyromark

from claimcheck.model import Block, BlockKind, Document

from .layout import refine

_OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES
            | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
            | pyromark.Options.ENABLE_STRIKETHROUGH)
_CONTAINERS = {"Paragraph", "Heading", "Item", "TableCell", "BlockQuote", "FootnoteDefinition",
               "List", "Table", "TableHead", "TableRow"}
_SKIPPED = {"CodeBlock", "HtmlBlock", "MetadataBlock"}
_BREAKS = {"SoftBreak", "HardBreak"}


def parse(path: str, text: str) -> Document:
    to_char = _CharOffsets(text)
    found: list[Block] = []
    stack: list[tuple[str, int]] = []  # open containers: (name, heading level)
    skipping = 0
    span: list[int] | None = None  # [start, end] of the inline run of the innermost block

    def close() -> None:
        nonlocal span
        if span is not None:
            start, end = to_char(span[0]), to_char(span[1])
            body = text[start:end]
            stripped = body.strip()
            if stripped:
                start += len(body) - len(body.lstrip())
                found.append(Block(_kind(stack), start, start + len(stripped), _level(stack)))
        span = None

    for event, where in pyromark.events_with_range(text, options=_OPTIONS):
        if isinstance(event, dict) and ("Start" in event or "End" in event):
            opening = "Start" in event
            name = _name(event["Start" if opening else "End"])
            if name in _SKIPPED:
                skipping += 1 if opening else -1
                continue
            if name in _CONTAINERS:
                close()
                if opening:
                    stack.append((name, _heading_level(event["Start"])))
                elif stack:
                    stack.pop()
                continue
        if skipping or (isinstance(event, str) and event in _BREAKS):
            continue
        if span is None:
            span = [where["start"], where["end"]]
        else:
            span[1] = max(span[1], where["end"])
    close()
    return Document(path, "md", text, refine(text, found))


def _name(tag: object) -> str:
    return tag if isinstance(tag, str) else next(iter(tag))  # type: ignore[call-overload]


def _heading_level(tag: object) -> int:
    if isinstance(tag, dict) and "Heading" in tag:
        return int(tag["Heading"]["level"][1:])
    return 0


def _kind(stack: list[tuple[str, int]]) -> BlockKind:
    names = [name for name, _ in stack]
    if "FootnoteDefinition" in names:
        return BlockKind.REFERENCE
    if names and names[-1] == "Heading":
        return BlockKind.HEADING
    if "Item" in names or "TableCell" in names:
        return BlockKind.LIST_ITEM
    return BlockKind.PARAGRAPH


def _level(stack: list[tuple[str, int]]) -> int:
    return stack[-1][1] if stack and stack[-1][0] == "Heading" else 0


class _CharOffsets:
    """pulldown-cmark reports UTF-8 byte offsets; this maps them to str offsets."""

    def __init__(self, text: str) -> None:
        self.byte_starts: list[int] = []  # byte offset just after each non-ASCII character
        self.extra: list[int] = []  # extra bytes up to and including that character
        extra = 0
        if not text.isascii():
            for match in re.finditer(r"[^\x00-\x7f]", text):
                width = len(match.group().encode("utf-8"))
                extra += width - 1
                self.byte_starts.append(match.start() + extra + 1)
                self.extra.append(extra)

    def __call__(self, byte_offset: int) -> int:
        index = bisect_right(self.byte_starts, byte_offset)
        return byte_offset - (self.extra[index - 1] if index else 0)
