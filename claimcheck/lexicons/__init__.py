"""Word lists and patterns as data (load.py says how a lexicon file is written and read).
This file only names what the package offers."""

from claimcheck.lexicons.load import (
    KINDS,
    Entry,
    Lexicon,
    LexiconError,
    Matcher,
    get,
    names,
    parse,
)

__all__ = ["KINDS", "Entry", "Lexicon", "LexiconError", "Matcher", "get", "names", "parse"]
