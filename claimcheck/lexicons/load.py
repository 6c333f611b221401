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
          unless: '...'    # optional; the entry does not fire on a statement this matches
          example: '...'   # a sentence of our own it fires on (required for patterns; tested)

Patterns use the syntax common to Python's re and RE2 (no lookarounds: an exception is
written as `unless`). Entries are sorted within a group; tests check that, and that every
pattern compiles in both engines, none repeats and each has a message.

`Matcher` runs many groups over a statement in one pass (an RE2 set): the detector's hot
path. `Lexicon.regex` and `Lexicon.which` use Python's re for the odd look-up and for
explanations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import re2
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
    unless: str | None = None
    """A pattern that, when it matches the statement, stops this entry from firing."""
    example: str = ""
    """A sentence the entry fires on, written for its data test (never a quote from a page)."""

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
        """The first entry of a group that fires on `text` (for explanations, not the hot path)."""
        for entry in self.group(name):
            if fires(entry, text):
                return entry
        return None


def names() -> tuple[str, ...]:
    """Every lexicon bundled with the package."""
    folder = resources.files("claimcheck.lexicons")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


@cache
def get(name: str) -> Lexicon:
    """The named lexicon, loaded and validated once. Unknown names fail clearly."""
    resource = resources.files("claimcheck.lexicons") / f"{name}.yaml"
    if not resource.is_file():
        raise LexiconError(f"no lexicon named {name!r} (have: {', '.join(names())})")
    return parse(name, resource.read_text(encoding="utf-8"))


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML was built with it (ten times the pure-Python one)."""


def parse(name: str, raw: str) -> Lexicon:
    data = yaml.load(raw, Loader=_LOADER)
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
    unless = raw.get("unless")
    if unless is not None and not isinstance(unless, str):
        raise LexiconError(f"{name}.{group}: 'unless' must be a pattern: {raw!r}")
    example = raw.get("example", "")
    if not isinstance(example, str):
        raise LexiconError(f"{name}.{group}: 'example' must be a sentence: {raw!r}")
    pattern = _term(value) if kind == "term" else value
    return Entry(pattern, str(raw["message"]), raw.get("case") == "sensitive",
                 value if kind == "term" else "", unless, example)


def _term(word: str) -> str:
    """A word or phrase as a whole-word pattern; a boundary is only asked for at a word
    character ("Dr." is followed by a space, and "\\bDr\\.\\b" would never match it)."""
    start = r"\b" if re.match(r"\w", word) else ""
    end = r"\b" if re.search(r"\w$", word) else ""
    return start + re.escape(word) + end


@cache
def _compile(lexicon: str, group: str) -> re.Pattern[str]:
    entries = get(lexicon).group(group)
    if any(e.unless for e in entries):
        raise LexiconError(f"{lexicon}.{group} has conditional entries: use a Matcher")
    if not entries:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(e.source for e in entries), re.IGNORECASE)


def fires(entry: Entry, text: str) -> bool:
    flags = 0 if entry.case_sensitive else re.IGNORECASE
    if not re.search(entry.pattern, text, flags):
        return False
    return not (entry.unless and re.search(entry.unless, text, re.IGNORECASE))


def _options(megabytes: int) -> re2.Options:
    options = re2.Options()
    options.max_mem = megabytes << 20
    return options


class Matcher:
    """Many lexicon groups compiled into RE2 sets: one pass per set tells which groups fire.

    Group keys are "lexicon.group" (e.g. "flags.hype"). RE2 runs a set as one lazily built
    DFA; once it outgrows its memory budget RE2 falls back to a far slower engine (with the
    default 8 MB, the detector's ~170 patterns ran at 0.3 MB/s instead of 60), so each set
    gets DFA_MEGABYTES and holds at most SHARD patterns.
    """

    SHARD = 200
    DFA_MEGABYTES = 32

    def __init__(self, groups: Iterable[tuple[str, str]],
                 extra: Iterable[tuple[str, str]] = ()) -> None:
        """`groups` are (lexicon, group) pairs; `extra` are (key, case-insensitive pattern)
        pairs from elsewhere, such as configuration."""
        patterns: list[tuple[str, str, str | None]] = []
        for lexicon, group in groups:
            key = f"{lexicon}.{group}"
            entries = get(lexicon).group(group)
            if get(lexicon).kind == "term":  # plain words, no exceptions: one alternation
                patterns.append((key, "(?i)" + "|".join(e.source for e in entries), None))
                continue
            for entry in entries:
                source = entry.pattern if entry.case_sensitive else "(?i)" + entry.pattern
                patterns.append((key, source, entry.unless))
        patterns.extend((key, "(?i)" + pattern, None) for key, pattern in extra)
        self._keys: list[str] = [key for key, _, _ in patterns]
        self._unless = {i: re.compile(u, re.IGNORECASE) for i, (_, _, u) in enumerate(patterns) if u}
        self._sets: list[tuple[int, re2.Set]] = []
        for first in range(0, len(patterns), self.SHARD):
            shard = re2.Set.SearchSet(_options(self.DFA_MEGABYTES))
            for key, source, _ in patterns[first:first + self.SHARD]:
                try:
                    shard.Add(source)
                except re2.error:
                    raise LexiconError(f"{key}: pattern not accepted by RE2: {source!r}") from None
            shard.Compile()
            self._sets.append((first, shard))

    def groups_in(self, text: str) -> set[str]:
        """The keys of the groups with at least one entry firing on `text`."""
        encoded = text.encode("utf-8")
        matched: list[int] = []
        for first, shard in self._sets:
            found = shard.Match(encoded)
            if found:
                matched += [first + i for i in found] if first else found
        if not matched:
            return set()
        keys, unless = self._keys, self._unless
        if unless.keys().isdisjoint(matched):
            return {keys[i] for i in matched}
        fired = {keys[i] for i in matched if i not in unless}
        for i in matched:
            if i in unless and keys[i] not in fired and not unless[i].search(text):
                fired.add(keys[i])
        return fired
