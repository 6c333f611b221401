"""Format-independent layout: label lines, and reference-list sections with their notes.

Each reader finds headings, paragraphs and list items in its own syntax; `refine` then
applies what holds for every format.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimcheck.lexicons.shapes import is_reference_shaped, is_references_heading
from claimcheck.model import LABEL_LEVEL, Block, BlockKind

_MAX_LABEL_WORDS = 14
_MAX_NOTES = 3


def refine(text: str, blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Mark label lines and reference sections. Blocks keep their offsets."""
    marked = [_label(text, b) for b in blocks]
    reference = _reference_blocks(text, marked)
    return tuple(
        Block(BlockKind.REFERENCE, b.start, b.end) if i in reference else b
        for i, b in enumerate(marked)
    )


def _label(text: str, block: Block) -> Block:
    if block.kind is not BlockKind.PARAGRAPH:
        return block
    body = text[block.start : block.end]
    if body.endswith(":") and len(body.split()) <= _MAX_LABEL_WORDS and "\n" not in body:
        return Block(BlockKind.LABEL, block.start, block.end, level=LABEL_LEVEL)
    return block


def _reference_blocks(text: str, blocks: list[Block]) -> set[int]:
    """Indexes of blocks that are reference entries or notes under them."""
    chosen: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING and is_references_heading(_body(text, block)):
            for j in range(i + 1, len(blocks)):
                if blocks[j].kind is BlockKind.HEADING and blocks[j].level <= block.level:
                    break
                chosen.add(j)
    shaped = [i for i, b in enumerate(blocks) if b.kind is not BlockKind.HEADING
              and is_reference_shaped(_body(text, b))]
    run: list[int] = []
    for i in shaped:
        if run and not _only_notes_between(text, blocks, run[-1], i):
            _keep_run(text, blocks, run, chosen)
            run = []
        run.append(i)
    _keep_run(text, blocks, run, chosen)
    return chosen


def _keep_run(text: str, blocks: list[Block], run: list[int], chosen: set[int]) -> None:
    """A run of two or more reference-shaped blocks is a reference list, notes included."""
    if len(run) < 2:
        return
    for i in range(run[0], run[-1] + 1):
        chosen.add(i)
    for j in range(run[-1] + 1, min(run[-1] + 1 + _MAX_NOTES, len(blocks))):
        if not _is_note(text, blocks[j]):
            break
        chosen.add(j)


def _only_notes_between(text: str, blocks: list[Block], a: int, b: int) -> bool:
    between = range(a + 1, b)
    return len(between) <= _MAX_NOTES and all(_is_note(text, blocks[k]) for k in between)


def _is_note(text: str, block: Block) -> bool:
    """A short annotation under a reference entry ("• This source provides ...")."""
    return block.kind is BlockKind.LIST_ITEM and len(_body(text, block)) <= 400


def _body(text: str, block: Block) -> str:
    return text[block.start : block.end]
