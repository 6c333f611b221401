"""Word lists and patterns as data: one YAML file per lexicon, compiled once, looked up by name.

A lexicon file:

    kind: existence        # existence: each entry is a regular expression that fires on a match
                           # term: each entry is a literal word or phrase (abbreviations)
    description: what the lexicon is for
    groups:
      hype:                # one or more named groups of entries
        - pattern: '\\bgame[- ]changers?\\b'
          message: why this matters, shown when the entry fires
          case: sensitive  # optional; patterns are case-insensitive otherwise

Entries are sorted within a group; tests check that, and that every pattern compiles, none
repeats and each has a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

KINDS = ("existence", "term")


class LexiconError(Exception):
    """A lexicon file that does not follow the schema above."""


@dataclass(frozen=True, slots=True)
class Entry:
    pattern: str
    message: str
    case_sensitive: bool = False
    literal: str = ""
    """For term lexicons, the word or phrase itself."""

    @property
    def source(self) -> str:
        """The entry as a regular expression, with its case rule scoped to itself."""
        return f"(?-i:{self.pattern})" if self.case_sensitive else f"(?:{self.pattern})"


@dataclass(frozen=True)
class Lexicon:
    name: str
    kind: str
    description: str
    groups: dict[str, tuple[Entry, ...]]

    def group(self, name: str) -> tuple[Entry, ...]:
        try:
            return self.groups[name]
        except KeyError:
            raise LexiconError(f"lexicon {self.name!r} has no group {name!r}") from None

    def regex(self, name: str) -> re.Pattern[str]:
        """All entries of a group as one compiled alternation."""
        return _compile(self.name, name)

    def terms(self, name: str) -> frozenset[str]:
        """The literal words of a term group, case-folded, for set look-ups."""
        return frozenset(e.literal.casefold() for e in self.group(name))

    def which(self, name: str, text: str) -> Entry | None:
        """The first entry of a group that matches `text` (for explanations, not the hot path)."""
        for entry in self.group(name):
            if re.search(entry.source, text, re.IGNORECASE):
                return entry
        return None


def names() -> tuple[str, ...]:
    """Every lexicon bundled with the package."""
    folder = resources.files(__name__)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


@cache
def get(name: str) -> Lexicon:
    """The named lexicon, loaded and validated once. Unknown names fail clearly."""
    resource = resources.files(__name__) / f"{name}.yaml"
    if not resource.is_file():
        raise LexiconError(f"no lexicon named {name!r} (have: {', '.join(names())})")
    return parse(name, resource.read_text(encoding="utf-8"))


def parse(name: str, raw: str) -> Lexicon:
    data = yaml.safe_load(raw)
    if not isinstance(data, dict) or set(data) - {"kind", "description", "groups"}:
        raise LexiconError(f"{name}: expected keys kind, description, groups")
    kind = data.get("kind")
    if kind not in KINDS:
        raise LexiconError(f"{name}: kind must be one of {', '.join(KINDS)}")
    groups = data.get("groups")
    if not isinstance(groups, dict) or not groups:
        raise LexiconError(f"{name}: groups must be a non-empty mapping")
    return Lexicon(
        name=name,
        kind=kind,
        description=str(data.get("description", "")),
        groups={g: tuple(_entry(name, g, kind, e) for e in entries or ())
                for g, entries in groups.items()},
    )


def _entry(name: str, group: str, kind: str, raw: object) -> Entry:
    key = "term" if kind == "term" else "pattern"
    if not isinstance(raw, dict) or not isinstance(raw.get(key), str) or not raw.get("message"):
        raise LexiconError(f"{name}.{group}: each entry needs {key!r} and 'message': {raw!r}")
    value = raw[key]
    pattern = r"(?<![\w.])" + re.escape(value) + r"(?!\w)" if kind == "term" else value
    return Entry(pattern, str(raw["message"]), raw.get("case") == "sensitive",
                 value if kind == "term" else "")


@cache
def _compile(lexicon: str, group: str) -> re.Pattern[str]:
    entries = get(lexicon).group(group)
    if not entries:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(e.source for e in entries), re.IGNORECASE)
