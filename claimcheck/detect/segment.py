"""Document -> statements: sentences within paragraphs and list items; headings, labels and
reference entries whole. Offsets are exact: `document.text[s.start:s.end] == s.text`.

Written here rather than taken from pysbd or syntok because the scan must run at several MB/s
and those run at 0.04 and 1.8 MB/s on the same text (benchmarks/speed.py measures all three).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache

from claimcheck import lexicons
from claimcheck.model import Block, BlockKind, Document, Statement

# A candidate boundary: terminal punctuation, closing quotes or brackets, an optional citation
# marker ("[3]", "[1-3]", superscripts, a Markdown page's raw "<sup>3</sup>"), whitespace,
# then something that can open a sentence.
_BOUNDARY = re.compile(
    r"[.!?…]+['\"’”)\]]*(?:\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻]+"
    r"|<sup>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*</sup>)?"
    r"(?=\s+['\"“‘(\[]?[A-Z0-9#$£€]|\s{2,}\S)"
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_ALNUM = re.compile(r"[^\W_]")
_WHOLE = (BlockKind.HEADING, BlockKind.LABEL, BlockKind.REFERENCE)


def segment(document: Document) -> Iterator[Statement]:
    """Every statement of the document, in order."""
    text = document.text
    line_starts = _line_starts(text)
    for index, block in enumerate(document.blocks):
        spans = [(block.start, block.end)] if block.kind in _WHOLE else _sentences(text, block)
        for start, end in spans:
            piece = text[start:end]
            body = piece.strip()
            if body and _ALNUM.search(body):
                start += len(piece) - len(piece.lstrip())
                yield Statement(body, start, start + len(body), bisect_right(line_starts, start),
                                index, block.kind)


def _sentences(text: str, block: Block) -> list[tuple[int, int]]:
    spans = []
    start = block.start
    abbreviations = _abbreviations()
    for match in _BOUNDARY.finditer(text, block.start, block.end):
        if text[match.start()] == "." and _before_is_abbreviation(text, start, match.start(),
                                                                  abbreviations):
            continue
        if text.count("(", start, match.start()) > text.count(")", start, match.start()):
            continue  # inside parentheses: "(Smith AB. Title. J Med. 2020;1:1)"
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, block.end))
    merged: list[tuple[int, int]] = []
    for span in spans:  # a trailing source line belongs to the sentence it sources
        if merged and _SOURCE_LINE.fullmatch(text[span[0]:span[1]].strip()):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


_SOURCE_LINE = re.compile(
    r"(?:\d{1,3}\s*)?(?:(?:19|20)\d{2}\s*)?(?:[“\"][^”\"]{1,200}[”\"]\s*)?"
    r"(?:https?://\S+|\(?(?:PMID|PubMed|Pubmed|PMCID)(?:\s*ID)?:?\s*(?:PMC)?\d{5,9}\)?"
    r"|PMC\d{5,9}|doi:?\s*10\.\d{4,9}/\S+)[.*]?")
"""A line that only sources the sentence before it: 'PMID: 18703857', '2014 “Foods” https://...'."""


def _before_is_abbreviation(text: str, start: int, period: int, known: frozenset[str]) -> bool:
    """Whether the period at `period` closes an abbreviation or an initial, not a sentence."""
    word = _WORD_BEFORE.search(text, max(start, period - 12), period)
    if word is None:
        return False
    token = word.group(1)
    if len(token) == 1 and token.isupper():
        return True  # an initial: "J. H. Smith"
    return token.casefold() in known


@cache
def _abbreviations() -> frozenset[str]:
    return lexicons.get("abbreviations").terms("abbreviations")


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]
