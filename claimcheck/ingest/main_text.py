"""Which blocks of a web page are its main text, as trafilatura judges the page.

trafilatura is the best-measured main-text extractor for web pages (benchmarks/extraction.py);
the HTML reader keeps its own walk of the page, with the block structure the detectors need
(headings, numbered list items, superscript markers, links, comments with suppressions) and
exact offsets, and asks `MainText.holds(block)` whether each block is part of what
trafilatura extracted: most of the block's 4-word shingles (or, for a block of fewer words,
the whole run of its words) must occur in the extracted text. trafilatura is imported on the
first web page only, so commands that read no HTML never pay for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from claimcheck.model import BlockKind

MAX_JUDGED = 300_000
"""Pages with more characters of text than this (a book-length page) are read whole:
trafilatura's cost grows faster than the page (1 s at 0.5 MB of markup, 4 s at 1 MB), and a
page that long is the document itself rather than an article amid furniture."""
SHINGLE = 4
"""Words per shingle, as the benchmark counts them."""
SHARE = 0.8
"""The share of a block's shingles the main text must hold for the block to be kept."""
WRAPPER = 0.5
"""An element named like furniture that holds more than this share of the kept words wraps
the article."""
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")


@dataclass(frozen=True, slots=True)
class MainText:
    """The words of a page's main text, to test blocks against."""

    shingles: frozenset[tuple[str, ...]]
    words: str
    """Every word, lowercased, each between spaces (for the short blocks)."""

    @classmethod
    def of(cls, text: str) -> MainText:
        words = _words(text)
        return cls(frozenset(_shingles(words)), f" {' '.join(words)} ")

    def holds(self, block: str) -> bool:
        """Whether the block's words are the main text's: most of its shingles, or for a
        short block the whole run of its words."""
        words = _words(block)
        if len(words) < SHINGLE:
            return bool(words) and f" {' '.join(words)} " in self.words
        found = _shingles(words)
        return sum(s in self.shingles for s in found) >= SHARE * len(found)


def kept(main: MainText | None, blocks: Sequence[tuple[BlockKind, str]],
         marked: Sequence[int | None] = ()) -> list[bool]:
    """Which blocks stand, by kind and text (with no main text, every block): a block the main text holds, except that a
    short one that is no sentence (a label, a tag) stands only before a block that stands; a
    heading stands before a block that stands, held or not (a page's title, the heading of a
    section), and the page's reference list stands whole, as trafilatura may leave either
    out and claims need both. A tag list or a stray word of the page furniture does not.

    `marked` gives, per block, the element named like furniture it lies in (or None): such
    an element's blocks go, held or not, unless it holds most of what stands (then it is a
    layout wrapper around the article, not furniture)."""
    if main is None:
        return _unmarked([True] * len(blocks), [text for _, text in blocks], marked) \
            if marked else [True] * len(blocks)
    decided = [False] * len(blocks)
    following: list[bool] = [False, False]  # the next two blocks' decisions
    for index in range(len(blocks) - 1, -1, -1):
        kind, text = blocks[index]
        if kind is BlockKind.REFERENCE:
            decided[index] = True
        elif kind is BlockKind.HEADING:  # over a byline or a dateline to its section
            decided[index] = any(following) or (main.holds(text) and _sentence(text))
        else:
            fragment = len(_words(text)) < SHINGLE and not _sentence(text)
            decided[index] = main.holds(text) and (following[0] or not fragment)
        following = [decided[index], following[0]]
    return _unmarked(decided, [text for _, text in blocks], marked) if marked else decided


def _unmarked(decided: list[bool], texts: Sequence[str],
              marked: Sequence[int | None]) -> list[bool]:
    words = [len(_words(t)) if keep else 0 for t, keep in zip(texts, decided, strict=True)]
    total = sum(words) or 1
    share: dict[int, int] = {}
    for element, count in zip(marked, words, strict=True):
        if element is not None:
            share[element] = share.get(element, 0) + count
    wrappers = {element for element, count in share.items() if count > WRAPPER * total}
    return [keep and (element is None or element in wrappers)
            for keep, element in zip(decided, marked, strict=True)]


def _sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def find(html: str) -> MainText | None:
    """The page's main text, or None when trafilatura finds none (too little text, or a page
    it cannot parse): then every block stands."""
    from trafilatura import bare_extraction

    extracted = bare_extraction(html, options=_options(), as_dict=False)
    text = getattr(extracted, "raw_text", None) if extracted is not None else None
    if not text or not text.strip():
        return None
    return MainText.of(text)


@cache
def _options():
    """trafilatura's own extraction without its fallback extractors or comment sections:
    the fastest setting, and the most precise on the benchmark."""
    from trafilatura.settings import Extractor

    return Extractor(fast=True, comments=False, tables=True)


def _words(text: str) -> list[str]:
    """Lowercased words, compatibility forms folded (the reader's ¹ is trafilatura's 1)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _WORD.findall(text.lower())


def _shingles(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
