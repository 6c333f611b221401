"""Journals named in running text, from a gazetteer the package ships (claimcheck/data/
journals.txt.gz, built by benchmarks/build_journals.py from JabRef's CC0 abbreviation lists).

A journal counts as named when a frame that introduces an outlet ("in", "published in",
"writing in", "in the journal") is followed by capitalised words whose longest run is a known
title or multi-word abbreviation: "in Pediatrics", "in the Am J Psychiatry". Lower-case words
after "in" are never a journal ("a study in sleep").
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources

_MONTHS = frozenset("january february march april may june july august september october "
                    "november december spring summer autumn winter".split())
_FRAME = re.compile(r"\b(?:in|to)\s+(?:the\s+)?(?:(?:journal|magazine|periodical)\s+)?[“\"]?"
                    r"(?=[A-Z])", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w’'&-]*\.?")
_LONGEST = 10
_REACH = 200  # characters after the frame a title may span
_LINKS = frozenset({"of", "and", "for", "the", "in", "&"})


def normalise(name: str) -> str:
    """Case-folded, without dots, commas or quotes, single-spaced."""
    return " ".join(re.sub(r"[.,:;“”\"()]", " ", name).casefold().split())


def acceptable(key: str) -> bool:
    """A name worth recognising: several words, or one long word that is not a month."""
    words = key.split()
    if not words or len(words) > _LONGEST:
        return False
    return len(words) > 1 or (len(key) >= 4 and key not in _MONTHS)


@cache
def names() -> frozenset[str]:
    """Loaded once, on the first statement that needs it (about 20 ms)."""
    packed = (resources.files("claimcheck.data") / "journals.txt.gz").read_bytes()
    lines = gzip.decompress(packed).decode("utf-8").split("\n")
    return frozenset(line for line in lines if line and not line.startswith("#"))


def find(text: str) -> tuple[int, int] | None:
    """The span of the first journal named after an outlet frame, if any."""
    for frame in _FRAME.finditer(text):
        run: list[re.Match[str]] = []
        for word in _WORD.finditer(text, frame.end(), frame.end() + _REACH):
            if len(run) == _LONGEST or run and text[run[-1].end():word.start()].strip(" &"):
                break  # words of a title follow one another, spaces (and "&") between
            if not (word.group()[0].isupper() or word.group().casefold() in _LINKS):
                break
            run.append(word)
        known = names()
        for size in range(len(run), 0, -1):
            if not run[size - 1].group()[0].isupper():
                continue
            key = normalise(text[run[0].start():run[size - 1].end()])
            if key in known and acceptable(key):
                return run[0].start(), run[size - 1].end()
    return None
