"""Statements -> decisions: claim or not (with the reason), kinds and flags (TAXONOMY §2, §3, §6).

Every cue comes from a lexicon (claimcheck/lexicons/*.yaml); this module holds only the order
in which they are applied and how layout passes context down: a heading's words colour the
bare list items under it, and a lead-in ending in a colon ("Ketamine is safe when:") is
completed by each item below it, which therefore inherits its kinds and qualifiers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from claimcheck import lexicons
from claimcheck.config import OffLabelRule
from claimcheck.model import KINDS, BlockKind, Decision, Document, Statement

_FRAGMENT_KINDS = (BlockKind.LIST_ITEM, BlockKind.LABEL)
_LEAD_IN_KINDS = frozenset({"hedged", "absolute", "off-label"})
_ANAPHORA = re.compile(r"^(?:this|these|that|those|it|its|they|such)\b", re.IGNORECASE)
_PUBLISHER_VOICE = re.compile(r"\b(?:our|we|us)\b", re.IGNORECASE)
_SERVICE_KINDS = frozenset({"protocol", "background"})
_TOPIC_MENTIONS = 3
_VOICE_MENTIONS = 3


@dataclass(frozen=True, slots=True)
class _Patterns:
    """Every lexicon group the detector uses, compiled once."""

    boilerplate: re.Pattern[str]
    keyword_line: re.Pattern[str]
    call_to_action: re.Pattern[str]
    opinion: re.Pattern[str]
    hype: re.Pattern[str]
    absolute: re.Pattern[str]
    hedged: re.Pattern[str]
    number: re.Pattern[str]
    finite_verb: re.Pattern[str]
    wh_start: re.Pattern[str]
    enumerator: re.Pattern[str]
    completes: re.Pattern[str]
    self_label: re.Pattern[str]
    other_condition: re.Pattern[str]
    other_treatment: re.Pattern[str]
    kinds: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def _patterns() -> _Patterns:
    get = lexicons.get
    return _Patterns(
        boilerplate=get("boilerplate").regex("boilerplate"),
        keyword_line=get("boilerplate").regex("keyword-line"),
        call_to_action=get("call_to_action").regex("call-to-action"),
        opinion=get("opinion").regex("opinion"),
        hype=get("flags").regex("hype"),
        absolute=get("flags").regex("absolute"),
        hedged=get("flags").regex("hedged"),
        number=get("numbers").regex("number"),
        finite_verb=get("grammar").regex("finite-verb"),
        wh_start=get("grammar").regex("wh-start"),
        enumerator=get("grammar").regex("enumerator"),
        completes=get("grammar").regex("completes"),
        self_label=get("attribution").regex("self"),
        other_condition=get("context").regex("other-condition"),
        other_treatment=get("context").regex("other-treatment"),
        kinds=tuple((kind, get("kinds").regex(kind)) for kind in KINDS
                    if kind in get("kinds").groups),
    )


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
           off_label: Sequence[OffLabelRule] = ()) -> list[Decision]:
    """One decision per statement, in order."""
    p = _patterns()
    topics = tuple(_is_topic(document.text, rule) for rule in off_label)
    scope = _Scope(publisher=len(_PUBLISHER_VOICE.findall(document.text)) >= _VOICE_MENTIONS)
    decisions = []
    for statement in statements:
        block = document.blocks[statement.block]
        if statement.kind is not BlockKind.LIST_ITEM:
            scope.lead_in = None
        decision = _decide(p, statement, scope, off_label, topics)
        decisions.append(decision)
        if statement.kind in (BlockKind.HEADING, BlockKind.LABEL):
            scope.enter(block.level or 2, statement.text)
        if statement.text.endswith(":"):
            scope.lead_in = _lead_in(p, statement.text, decision)
    return decisions


def _decide(p: _Patterns, statement: Statement, scope: _Scope,
            rules: Sequence[OffLabelRule], topics: tuple[bool, ...]) -> Decision:
    text = statement.text
    reason = _non_claim(p, statement)
    if reason:
        return Decision(False, reason)
    hype = bool(p.hype.search(text))
    if statement.kind not in (BlockKind.HEADING, BlockKind.LABEL) and not text.endswith(":"):
        if not hype and p.opinion.search(text):
            return Decision(False, "opinion")
    elif not _asserts(p, text):
        return Decision(False, "heading")
    kinds = [kind for kind, pattern in p.kinds if pattern.search(text)]
    flags = set()
    if hype:
        flags.add("hype")
        kinds.append("efficacy")
    if p.absolute.search(text):
        flags.add("absolute")
    if p.hedged.search(text):
        flags.add("hedged")
    if p.number.search(text):
        flags.add("number")
    lead_in = scope.lead_in if statement.kind is BlockKind.LIST_ITEM else None
    if lead_in and (lead_in.completed_by_items or not kinds):
        kinds += lead_in.kinds
    if scope.publisher and statement.kind is BlockKind.LIST_ITEM and _SERVICE_KINDS >= set(kinds):
        kinds = [k for k in kinds if k != "background"] + ["provider"]
    kinds = [k for k in KINDS if k in kinds] or ["background"]
    if "efficacy" in kinds and _off_label(p, statement, rules, topics):
        flags.add("off-label")
    if lead_in and lead_in.completed_by_items:
        flags |= lead_in.flags
    return Decision(True, None, tuple(kinds), tuple(f for f in
                                                   ("hype", "absolute", "hedged", "number",
                                                    "off-label") if f in flags))


def _non_claim(p: _Patterns, statement: Statement) -> str | None:
    text = statement.text
    if statement.kind is BlockKind.REFERENCE:
        return "reference"
    if p.boilerplate.search(text):
        return "boilerplate"
    if statement.kind is not BlockKind.LIST_ITEM and p.keyword_line.search(text):
        return "boilerplate"
    if p.call_to_action.search(text):
        return "call-to-action"
    if text.rstrip("\"'”’)]").endswith("?"):
        return "question"
    return None


def _asserts(p: _Patterns, text: str) -> bool:
    """Whether a heading, label or lead-in asserts something rather than naming a topic.

    A lead-in asserts when a verb remains once its list-announcing tail ("can include:") is
    gone; a heading when it has a verb, or puts an evaluative word after a colon
    ("Ketamine: A Breakthrough"). "How ..." headings presuppose and do not assert.
    """
    if p.self_label.search(text):
        return False
    if text.endswith(":"):
        body = p.enumerator.sub("", text)
        return bool(body) and bool(p.finite_verb.search(body))
    if p.wh_start.search(text):
        return False
    _, colon, predicate = text.partition(": ")
    evaluative = colon and (p.hype.search(predicate) or p.absolute.search(predicate))
    return bool(evaluative) or bool(p.finite_verb.search(text))


def _lead_in(p: _Patterns, text: str, decision: Decision) -> _LeadIn | None:
    if not decision.claim:
        return None
    return _LeadIn(
        kinds=decision.kinds,
        flags=frozenset(decision.flags) & _LEAD_IN_KINDS,
        completed_by_items=bool(p.completes.search(text)),
    )


def _is_topic(text: str, rule: OffLabelRule) -> bool:
    """Whether a page is about the unapproved use: it keeps naming both treatment and condition."""
    return (len(rule.treatment_re.findall(text)) >= _TOPIC_MENTIONS
            and len(rule.condition_re.findall(text)) >= _TOPIC_MENTIONS)


def _off_label(p: _Patterns, statement: Statement, rules: Sequence[OffLabelRule],
               topics: tuple[bool, ...]) -> bool:
    """Whether an efficacy claim is about a use the regulator has not approved.

    It names the condition and credits no other treatment; or it names the treatment and no
    other condition, on a page about the unapproved use; or, on such a page, it is a bare
    list item or refers back ("This ...") without naming another condition or treatment.
    """
    text = statement.text
    other_condition = p.other_condition.search(text)
    other_treatment = p.other_treatment.search(text)
    for rule, topic in zip(rules, topics, strict=True):
        treatment = rule.treatment_re.search(text)
        condition = rule.condition_re.search(text)
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
