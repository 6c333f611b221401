"""The lexicons are data, and data gets its own tests (after codespell's)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import re2

from claimcheck import lexicons
from claimcheck.detect import mentions
from claimcheck.detect.segment import segment
from claimcheck.ingest import text as plain
from claimcheck.lexicons import load

ALL = [(name, group) for name in lexicons.names() for group in lexicons.get(name).groups]
PACKAGE = Path(lexicons.__file__).resolve().parent.parent


@pytest.mark.parametrize(("name", "group"), ALL)
def test_entries_compile_in_both_engines_and_have_messages(name, group):
    for entry in lexicons.get(name).group(group):
        assert entry.message.strip(), entry
        re.compile(entry.pattern)
        re2.compile(entry.pattern if entry.case_sensitive else "(?i)" + entry.pattern)
        if entry.unless:
            re.compile(entry.unless)


@pytest.mark.parametrize(("name", "group"), ALL)
def test_entries_are_sorted_and_unique(name, group):
    entries = lexicons.get(name).group(group)
    keys = [(e.literal or e.pattern).casefold() for e in entries]
    assert keys == sorted(keys), f"{name}.{group} is not sorted"
    assert len(set(keys)) == len(keys), f"{name}.{group} repeats an entry"


def test_no_pattern_repeats_across_a_lexicon():
    """Across the groups of a pattern lexicon, not within a term lexicon (the same word can
    describe works of several kinds)."""
    for name in lexicons.names():
        if lexicons.get(name).kind == "term":
            continue
        seen = {}
        for group, entries in lexicons.get(name).groups.items():
            for entry in entries:
                assert entry.pattern not in seen, f"{name}: {entry.pattern!r} in {seen.get(entry.pattern)} and {group}"
                seen[entry.pattern] = group


def test_unknown_lexicon_fails_clearly():
    with pytest.raises(lexicons.LexiconError, match="no lexicon named 'nope'"):
        lexicons.get("nope")


def test_bad_lexicon_files_are_rejected():
    with pytest.raises(lexicons.LexiconError, match="kind must be"):
        lexicons.parse("x", "kind: fancy\ngroups: {a: []}\n")
    with pytest.raises(lexicons.LexiconError, match="needs 'pattern' and 'message'"):
        lexicons.parse("x", "kind: existence\ngroups:\n  a:\n    - {pattern: x}\n")


def test_matcher_applies_unless_exceptions():
    matcher = lexicons.Matcher([("flags", "absolute")])
    assert "flags.absolute" in matcher.groups_in("The injection is safe.")
    assert "flags.absolute" not in matcher.groups_in("You will feel safe with us.")


# Names that occur only in the bundled pages: the analysis must not know them.
CORPUS_ONLY = re.compile(r"\b(klarity|midland|sunmore|liriano|feder|krystal|newport|"
                         r"maladaptations?|long island|durango|foothill|ketamine|ptsd|"
                         # and the products, companies and people of ../shared/dev
                         r"freespira|aimovig|amgen|globaldata|qualia|neurohacker|versiol|"
                         r"heng|tolin|rothwell|reuter|elwood|vardi|palo alto)\b",
                         re.IGNORECASE)


def test_package_names_nothing_only_the_bundled_pages_contain():
    offenders = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if CORPUS_ONLY.search(line):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


PATTERNS = [(name, group, index) for name, group in ALL if lexicons.get(name).kind == "existence"
            for index in range(len(lexicons.get(name).group(group)))]


@pytest.mark.parametrize(("name", "group", "index"), PATTERNS)
def test_every_pattern_fires_on_its_own_example(name, group, index):
    """Each pattern carries a sentence written for it (not quoted from the bundled or
    development pages) and fires on it, through the same engine as the hot path; an entry
    that matches nothing, or an edit that breaks one, fails here."""
    entry = lexicons.get(name).group(group)[index]
    assert entry.example, f"{name}.{group}[{index}] ({entry.message}) has no example"
    groups = lexicons.Matcher([(name, group)]).groups_in(entry.example)
    assert f"{name}.{group}" in groups, f"{name}.{group}[{index}] misses {entry.example!r}"
    assert load.fires(entry, entry.example), f"{name}.{group}[{index}]: {entry.example!r}"


TERMS = [(name, group, index) for name, group in ALL if lexicons.get(name).kind == "term"
         for index in range(len(lexicons.get(name).group(group)))]


def _without(sentence: str, term: str) -> str:
    """The sentence with its first occurrence of the term replaced by a word of no class."""
    return re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", "x", sentence, count=1,
                  flags=re.IGNORECASE)


@pytest.mark.parametrize(("name", "group", "index"), TERMS)
def test_every_term_has_an_example_it_occurs_in(name, group, index):
    entry = lexicons.get(name).group(group)[index]
    assert entry.example, f"{name}.{group} {entry.literal!r} has no example"
    assert re.search(entry.pattern, entry.example, re.IGNORECASE), (entry.literal, entry.example)


EVIDENCE = [(group, index) for name, group, index in TERMS if name == "evidence"]


@pytest.mark.parametrize(("group", "index"), EVIDENCE)
def test_every_evidence_word_is_what_makes_its_example_a_mention(group, index):
    """The example is an evidence mention or reported speech, and not the same one without
    the word: the word takes part in the shape, it does not merely occur."""
    entry = lexicons.get("evidence").group(group)[index]
    publisher = frozenset({"Brightleaf"})  # the company the self-role examples speak for
    found = mentions.find(entry.example, publisher)
    assert found is not None, (entry.literal, entry.example)
    assert found != mentions.find(_without(entry.example, entry.literal), publisher), entry.literal
    if group == "self-roles":
        assert found.type == "self", (entry.literal, found)


ABBREVIATIONS = [index for name, group, index in TERMS if name == "abbreviations"]


@pytest.mark.parametrize("index", ABBREVIATIONS)
def test_every_abbreviation_holds_its_example_together(index):
    """One statement with the abbreviation, two once it is replaced by a plain word."""
    entry = lexicons.get("abbreviations").group("abbreviations")[index]
    def statements(text: str) -> int:
        return len(list(segment(plain.parse("example.txt", text))))
    assert statements(entry.example) == 1, entry.example
    assert statements(_without(entry.example, entry.literal)) >= 2, entry.literal


def test_no_example_is_a_sentence_of_the_pages_it_was_meant_to_generalise_to():
    pages = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in (pages / "corpus").rglob("*") if p.is_file()]
    dev = pages.parent / "shared" / "dev" / "texts"
    if dev.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in dev.glob("*.txt")]
    copied = [e.example for name, group, index in PATTERNS + TERMS
              for e in [lexicons.get(name).group(group)[index]]
              if len(e.example) > 25 and any(e.example in t for t in texts)]
    assert copied == []
