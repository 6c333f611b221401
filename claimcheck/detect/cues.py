"""One pass of the lexicons over every statement: which cue groups fire where.

Claim detection and attribution both read the same hits, so each statement meets the RE2
set once. Group keys are "lexicon.group" ("flags.hype", "attribution.named"); the words of
the configured off-label rules join as "off-label.N.treatment" and "off-label.N.condition",
and the project's vocabulary the groups its terms extend ("flags.hype", "attribution.self").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from claimcheck import lexicons
from claimcheck.lexicons.vocabulary import EMPTY, Vocabulary
from claimcheck.model import KINDS, OffLabelRule, Statement

MENTION_WORDS = tuple(("evidence", group) for group in (
    "study-heads", "people-heads", "body-heads", "organisations", "reporting-verbs",
    "speech-verbs", "titles"))
"""The words every evidence mention or reported speech is built from: where none fires, the
costlier shapes of detect.mentions are not tried."""

GROUPS = (
    ("boilerplate", "boilerplate"), ("boilerplate", "keyword-line"),
    ("call_to_action", "call-to-action"), ("opinion", "opinion"), ("flags", "hype"),
    ("flags", "absolute"), ("flags", "hedged"), ("numbers", "number"),
    ("grammar", "finite-verb"), ("grammar", "wh-start"), ("grammar", "purpose"),
    ("context", "other-condition"), ("context", "other-treatment"),
    ("context", "publisher-voice"), ("layout", "reference-shape"),
    ("attribution", "citation"), ("attribution", "named"), ("attribution", "self"),
    ("attribution", "vague"), ("attribution", "self-label"), ("attribution", "back-reference"),
    ("attribution", "thread"),
    *(("kinds", kind) for kind in KINDS),
    *MENTION_WORDS,
)


@cache
def matcher(rules: tuple[OffLabelRule, ...] = (),
            vocabulary: Vocabulary = EMPTY) -> lexicons.Matcher:
    """Compiled once per set of off-label rules and vocabulary."""
    extra = []
    for index, rule in enumerate(rules):
        extra.append((f"off-label.{index}.treatment", rule.treatment_re.pattern))
        extra.append((f"off-label.{index}.condition", rule.condition_re.pattern))
    return lexicons.Matcher(GROUPS, extra + vocabulary.patterns())


def scan(statements: Sequence[Statement], rules: Sequence[OffLabelRule] = (),
         vocabulary: Vocabulary = EMPTY) -> list[set[str]]:
    """The cue groups of each statement, read through the emphasis markers that wrap a whole
    Markdown line ("*Updated May 2024*" is a dateline like any other)."""
    groups_in = matcher(tuple(rules), vocabulary).groups_in
    return [groups_in(s.text.strip("*_ ") or s.text) for s in statements]
