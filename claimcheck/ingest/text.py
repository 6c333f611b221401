"""Plain text: one block per line or per wrapped paragraph; list markers, headings and labels
recognised from the line's shape, since plain text has no markup to say so."""

from __future__ import annotations

import re

from claimcheck.model import LABEL_LEVEL, Block, BlockKind, Document

from .layout import refine

LIST_MARKER = re.compile(
    r"[ \t]*(?:[-*+•·‣▪◦●○■□–—]|\d{1,3}[.)]|\(\d{1,2}\)|\(?[a-z][.)]|\(?[ivx]{1,4}\))[ \t]+(?=\S)"
)
_TERMINAL = re.compile(r"[.!]['\"’”)\]]*$")
_OPEN_END = re.compile(r"[^.!?:]$")
_MAX_HEADING_WORDS = 14
_MAX_HEADING_CHARS = 120
_WRAPPED_LINE = 40
_WRAP_WIDTH = 100


def parse(path: str, text: str) -> Document:
    return Document(path, "txt", text, refine(text, blocks(text)))


def blocks(text: str) -> list[Block]:
    """Blocks of a plain-text page: list items, headings, labels and paragraphs."""
    found: list[Block] = []
    wrapped = _hard_wrapped(text)
    can_continue = False  # the last block ended on the line just above
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        line_start = offset
        offset += len(raw)
        body = line.strip()
        if not body:
            can_continue = False
            continue
        end = line_start + len(line.rstrip())
        marker = LIST_MARKER.match(line)
        if can_continue and not marker and _continues(text, found[-1], line, wrapped):
            found[-1] = Block(found[-1].kind, found[-1].start, end)
            continue
        if marker:
            found.append(Block(BlockKind.LIST_ITEM, line_start + marker.end(), end))
        else:
            indent = len(line) - len(line.lstrip())
            found.append(Block(BlockKind.PARAGRAPH, line_start + indent, end))
        can_continue = True
    return [_shape(text, b, first=(i == 0)) for i, b in enumerate(found)]


def _hard_wrapped(text: str) -> bool:
    """Whether the page was wrapped at a fixed width (so a long line may go on below it)."""
    lengths = [len(line) for line in text.splitlines() if line.strip()]
    return bool(lengths) and max(lengths) <= _WRAP_WIDTH and sum(n >= 60 for n in lengths) >= 3


def _continues(text: str, block: Block, line: str, wrapped: bool) -> bool:
    """Whether a line carries on the block above it: a hard-wrapped paragraph or list item.

    The line above must be long (a wrapped line fills the width) and end mid-sentence; the
    new line must start in lower case, be indented under a list item, or the page be wrapped.
    """
    previous = text[block.start : block.end]
    last_line = previous.rsplit("\n", 1)[-1]
    if len(last_line) < _WRAPPED_LINE or not _OPEN_END.search(previous):
        return False
    body = line.lstrip()
    if body[0].islower():
        return True
    if block.kind is BlockKind.LIST_ITEM:
        return line[:1].isspace()
    return wrapped


def _shape(text: str, block: Block, first: bool) -> Block:
    """A paragraph that is one short unpunctuated line is a heading or a label line."""
    if block.kind is not BlockKind.PARAGRAPH:
        return block
    body = text[block.start : block.end]
    if "\n" in body or _TERMINAL.search(body) or body.endswith(":"):
        return block
    if len(body) > _MAX_HEADING_CHARS or len(body.split()) > _MAX_HEADING_WORDS:
        return block
    head, sep, rest = body.partition(": ")
    if sep and rest and (any(c.isdigit() for c in head) or len(head.split()) == 1):
        return Block(BlockKind.LABEL, block.start, block.end, level=LABEL_LEVEL)
    return Block(BlockKind.HEADING, block.start, block.end, level=1 if first else 2)
