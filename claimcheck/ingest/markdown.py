"""Markdown via markdown-it-py: the document text is the source itself, so offsets and lines
point into the file the author edits. Markup inside a block (emphasis, links) stays in the
statement text; block markers (#, list bullets, >) and front matter do not."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from claimcheck.model import Block, BlockKind, Document

from .layout import refine


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(front_matter_plugin)


def parse(path: str, text: str) -> Document:
    tokens = _parser().parse(text)
    starts = _line_starts(text)
    found: list[Block] = []
    containers: list[str] = []
    heading_level = 0
    for token in tokens:
        if token.nesting == 1:
            containers.append(token.type)
            if token.type == "heading_open":
                heading_level = int(token.tag[1])
        elif token.nesting == -1 and containers:
            containers.pop()
        elif token.type == "inline" and token.map:
            span = _span(text, starts, token)
            if span is not None:
                found.append(Block(_kind(containers), *span, level=heading_level
                                   if containers[-1:] == ["heading_open"] else 0))
    return Document(path, "md", text, refine(text, found))


def _kind(containers: list[str]) -> BlockKind:
    if "footnote_open" in containers:
        return BlockKind.REFERENCE
    innermost = containers[-1] if containers else ""
    if innermost == "heading_open":
        return BlockKind.HEADING
    if "list_item_open" in containers or innermost in ("td_open", "th_open"):
        return BlockKind.LIST_ITEM
    return BlockKind.PARAGRAPH


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, char in enumerate(text):
        if char == "\n":
            starts.append(i + 1)
    return starts


def _span(text: str, starts: list[int], token: Token) -> tuple[int, int] | None:
    """Offsets of an inline token's content within the source lines it came from."""
    first, last = token.map
    region_start = starts[first]
    region_end = starts[last] if last < len(starts) else len(text)
    lines = [line.strip() for line in token.content.split("\n") if line.strip()]
    if not lines:
        return None
    start = text.find(lines[0], region_start, region_end)
    tail = text.rfind(lines[-1], region_start, region_end)
    if start < 0 or tail < 0:
        return _fallback(text, region_start, region_end)
    return start, tail + len(lines[-1])


def _fallback(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Whole source lines, trimmed, when the content was rewritten (tabs, escapes)."""
    region = text[start:end]
    stripped = region.strip()
    if not stripped:
        return None
    begin = start + region.index(stripped)
    return begin, begin + len(stripped)

