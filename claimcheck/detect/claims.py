"""Statements -> decisions: claim or not (with the reason), kinds and flags (TAXONOMY §2, §3, §6).

Every cue comes from a lexicon (claimcheck/lexicons/*.yaml); this module holds only the order
in which they are applied and how layout passes context down: a heading's words colour the
bare list items under it, and a lead-in ending in a colon ("Stem cell therapy is safe when:") is
completed by each item below it, which therefore inherits its kinds and qualifiers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from claimcheck import lexicons
from claimcheck.detect import cues
from claimcheck.lexicons.vocabulary import EMPTY, Vocabulary
from claimcheck.model import (
    FLAGS,
    KINDS,
    BlockKind,
    Decision,
    Document,
    OffLabelRule,
    Statement,
)

_FRAGMENT_KINDS = (BlockKind.LIST_ITEM, BlockKind.LABEL)
_LEAD_IN_KINDS = frozenset({"hedged", "absolute", "off-label"})
_ANAPHORA = re.compile(r"^(?:this|these|that|those|it|its|they|such)\b", re.IGNORECASE)
_SERVICE_KINDS = frozenset({"protocol", "background"})
_ASPIRED_KINDS = frozenset({"efficacy", "safety", "comparative", "mechanism"})
"""What a purpose clause names without asserting ("sought to determine the efficacy and safety
of"): the sentence describes how a study was set up, so its kind is protocol."""
_REPORTED_FINDING = frozenset({"evidence.study-heads", "evidence.people-heads"})
_TOPIC_MENTIONS = 3
_VOICE_MENTIONS = 3


_KIND_OF = {f"kinds.{kind}": kind for kind in KINDS}
_FLAG_OF = {"flags.hype": "hype", "flags.absolute": "absolute", "flags.hedged": "hedged",
            "numbers.number": "number"}
_KIND_ORDER = {kind: index for index, kind in enumerate(KINDS)}
_FLAG_ORDER = {flag: index for index, flag in enumerate(FLAGS)}


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The cue matcher (for re-checking part of a lead-in) and the two Python patterns that
    rewrite or inspect lead-ins (rare, off the hot path)."""

    matcher: lexicons.Matcher
    enumerator: re.Pattern[str]
    completes: re.Pattern[str]


@cache
def _patterns(rules: tuple[OffLabelRule, ...], vocabulary: Vocabulary) -> _Patterns:
    grammar = lexicons.get("grammar")
    return _Patterns(cues.matcher(rules, vocabulary), grammar.regex("enumerator"),
                     grammar.regex("completes"))


@dataclass(frozen=True, slots=True)
class _LeadIn:
    """A claim ending in a colon, and what the list items under it take from it."""

    kinds: tuple[str, ...]
    flags: frozenset[str]
    completed_by_items: bool


class _Scope:
    """What the statements above say about the one being decided: headings, lead-in."""

    def __init__(self, publisher: bool) -> None:
        self.publisher = publisher
        """The page speaks for a provider ("we", "our"): its bare list items describe services."""
        self.headings: list[tuple[int, str]] = []
        self.lead_in: _LeadIn | None = None

    def enter(self, level: int, text: str) -> None:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, text))


def decide(document: Document, statements: Sequence[Statement],
           off_label: Sequence[OffLabelRule] = (), hits: list[set[str]] | None = None,
           vocabulary: Vocabulary = EMPTY) -> list[Decision]:
    """One decision per statement, in order. `hits` are the statements' cue groups
    (detect.cues.scan), computed here when not given."""
    p = _patterns(tuple(off_label), vocabulary)
    if hits is None:
        hits = cues.scan(statements, off_label, vocabulary)
    topics = tuple(_mentioned(hits, f"off-label.{i}.treatment", _TOPIC_MENTIONS)
                   and _mentioned(hits, f"off-label.{i}.condition", _TOPIC_MENTIONS)
                   for i in range(len(off_label)))
    scope = _Scope(publisher=_mentioned(hits, "context.publisher-voice", _VOICE_MENTIONS))
    decisions = []
    for statement, fired in zip(statements, hits, strict=True):
        if statement.kind is not BlockKind.LIST_ITEM:
            scope.lead_in = None
        decision = _decide(p, statement, fired, scope, topics)
        decisions.append(decision)
        if statement.kind in (BlockKind.HEADING, BlockKind.LABEL):
            scope.enter(document.blocks[statement.block].level or 2, statement.text)
        if statement.text.endswith(":"):
            scope.lead_in = _lead_in(p, statement.text, decision)
    return decisions


def _decide(p: _Patterns, statement: Statement, hits: set[str], scope: _Scope,
            topics: tuple[bool, ...]) -> Decision:
    text = statement.text
    reason = _non_claim(statement, hits)
    if reason:
        return _not_claim(reason)
    hype = "flags.hype" in hits
    if statement.kind not in (BlockKind.HEADING, BlockKind.LABEL) and not text.endswith(":"):
        if not hype and "opinion.opinion" in hits:
            return _not_claim("opinion")
    elif not _asserts(p, text, hits):
        return _not_claim("heading")
    kinds = {_KIND_OF[key] for key in hits if key in _KIND_OF}
    flags = {_FLAG_OF[key] for key in hits if key in _FLAG_OF}
    if hype:
        kinds.add("efficacy")
    lead_in = scope.lead_in if statement.kind is BlockKind.LIST_ITEM else None
    if "grammar.purpose" in hits:
        kinds -= _ASPIRED_KINDS
        kinds.add("protocol")
    if lead_in and (lead_in.completed_by_items or not kinds):
        # background is what a claim is when nothing else is: an item with kinds of its own
        # does not take it from the lead-in
        kinds.update(k for k in lead_in.kinds if k != "background" or not kinds)
    if scope.publisher and statement.kind is BlockKind.LIST_ITEM and _SERVICE_KINDS >= kinds:
        kinds.discard("background")
        kinds.add("provider")
    if not kinds:
        # a study or an expert reported as finding something, with nothing said of what
        # ("Researchers have found that most patients who g..."), credits a treatment
        reported = "evidence.reporting-verbs" in hits and not _REPORTED_FINDING.isdisjoint(hits)
        kinds.add("efficacy" if reported else "background")
    if "efficacy" in kinds and _off_label(statement, hits, topics):
        flags.add("off-label")
    if lead_in and lead_in.completed_by_items:
        flags |= lead_in.flags
    return _claim(frozenset(kinds), frozenset(flags))


@cache
def _claim(kinds: frozenset[str], flags: frozenset[str]) -> Decision:
    """Decisions repeat (a page has many plain efficacy claims): made once, shared."""
    return Decision(True, None, tuple(sorted(kinds, key=_KIND_ORDER.__getitem__)),
                    tuple(sorted(flags, key=_FLAG_ORDER.__getitem__)))


@cache
def _not_claim(reason: str) -> Decision:
    return Decision(False, reason)


def _non_claim(statement: Statement, hits: set[str]) -> str | None:
    if statement.kind is BlockKind.REFERENCE:
        return "reference"
    if "boilerplate.boilerplate" in hits:
        return "boilerplate"
    if statement.kind is not BlockKind.LIST_ITEM and "boilerplate.keyword-line" in hits:
        return "boilerplate"
    if "call_to_action.call-to-action" in hits:
        return "call-to-action"
    if statement.text.rstrip("\"'”’)]").endswith("?"):
        return "question"
    return None


def _asserts(p: _Patterns, text: str, hits: set[str]) -> bool:
    """Whether a heading, label or lead-in asserts something rather than naming a topic.

    A lead-in asserts when a verb remains once its list-announcing tail ("can include:") is
    gone; a heading when it has a verb, or puts an evaluative word after a colon
    ("Semaglutide: A Breakthrough"). "How ..." headings presuppose and do not assert.
    """
    if "attribution.self-label" in hits:
        return False
    if text.endswith(":"):
        body = p.enumerator.sub("", text)
        return bool(body) and "grammar.finite-verb" in p.matcher.groups_in(body)
    if "grammar.wh-start" in hits:
        return False
    _, colon, predicate = text.partition(": ")
    if colon and {"flags.hype", "flags.absolute"} & p.matcher.groups_in(predicate):
        return True
    return "grammar.finite-verb" in hits


def _lead_in(p: _Patterns, text: str, decision: Decision) -> _LeadIn | None:
    if not decision.claim:
        return None
    return _LeadIn(
        kinds=decision.kinds,
        flags=frozenset(decision.flags) & _LEAD_IN_KINDS,
        completed_by_items=bool(p.completes.search(text)),
    )


def _mentioned(hits: list[set[str]], key: str, count: int) -> bool:
    """Whether at least `count` statements fire `key`: a page keeps coming back to it."""
    return sum(1 for fired in hits if key in fired) >= count


def _off_label(statement: Statement, hits: set[str], topics: tuple[bool, ...]) -> bool:
    """Whether an efficacy claim is about a use the regulator has not approved.

    It names the condition and credits no other treatment; or it names the treatment and no
    other condition, on a page about the unapproved use; or, on such a page, it is a bare
    list item or refers back ("This ...") without naming another condition or treatment.
    """
    text = statement.text
    other_condition = "context.other-condition" in hits
    other_treatment = "context.other-treatment" in hits
    for index, topic in enumerate(topics):
        treatment = f"off-label.{index}.treatment" in hits
        condition = f"off-label.{index}.condition" in hits
        if condition and (treatment or not other_treatment):
            return True
        if not topic:
            continue
        if treatment and not other_condition:
            return True
        if (not treatment and not other_condition and not other_treatment
                and (statement.kind in _FRAGMENT_KINDS or _ANAPHORA.search(text))):
            return True
    return False
