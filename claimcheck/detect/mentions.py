"""Evidence mentions and reported speech, found by the shape of the phrase (TAXONOMY §4).

A mention of evidence is a phrase with a head (a study, its people, a body that publishes
or endorses) and whatever comes before it ("a small 2019 pilot study", "multiple clinical
trials"); what pins it down makes it `named`: a year, a journal or outlet, an institution or
agency (capitalised names with a body head, an acronym), an author, a trial name. Nothing
pinning it down leaves it `vague`, and only when it is tied to the claim: a reporting verb
("studies show"), "in a study", "according to".

Reported speech is a named person with a speech verb ("said Jane Doe, professor at ...",
"Mayo Clinic's Dr. X states"): `named`, or `self` when the speaker's role makes them the
publisher's own (a chief executive, a founder, a spokesperson).

The word classes are the `evidence` lexicon; this module only knows the shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimcheck import lexicons
from claimcheck.detect import journals


@dataclass(frozen=True, slots=True)
class Mention:
    type: str
    """named, vague or self."""
    start: int
    end: int
    definite: bool = False
    """A vague mention that only refers to a work already in play ("the study found")."""


def _words(group: str) -> str:
    terms = sorted((e.literal for e in lexicons.get("evidence").group(group)),
                   key=lambda t: (-len(t), t))
    return "|".join(re.escape(t) for t in terms)


@dataclass(frozen=True)
class _Shapes:
    head: re.Pattern[str]
    left: re.Pattern[str]
    pin_after: re.Pattern[str]
    body: re.Pattern[str]
    framed_body: re.Pattern[str]
    speaker: tuple[re.Pattern[str], ...]
    reporting: re.Pattern[str]
    self_role: re.Pattern[str]
    tie_before: re.Pattern[str]
    named_body: re.Pattern[str]
    said: re.Pattern[str]
    verb: re.Pattern[str]
    titled: re.Pattern[str]


CAP = r"[A-Z][\w’'&.-]*"
ACRONYM = r"[A-Z]{2,6}s?"
YEAR = r"(?:19|20)\d{2}"
_JOURNAL_WINDOW = 80  # how far after a head an outlet may be named ("a study published last month in ...")
_LEFT_WINDOW = 160  # how far before a head its modifiers may reach ("a small 2019 double-blind ...")


@cache
def _shapes() -> _Shapes:
    studies, people, bodies = _words("study-heads"), _words("people-heads"), _words("body-heads")
    quantity, modifier = _words("quantifiers"), _words("modifiers")
    reporting, speech, titles = _words("reporting-verbs"), _words("speech-verbs"), _words("titles")
    proper = rf"{CAP}(?:\s+(?:(?:of|for|on|and|&|the|in|at)\s+)*{CAP}){{0,6}}"
    body = (rf"(?:{CAP}[’']s\s+)?(?:{CAP}\s+){{0,5}}(?:{bodies})\b"
            rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{CAP}(?:\s+(?:(?:and|&|of|for|the)\s+)?{CAP}){{0,5}})?"
            rf"|\b(?:{bodies})\s+of\s+(?:the\s+)?{proper}")
    person = (rf"(?:(?i:{titles})\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]+){{1,2}}"
              rf"|(?i:{titles})\s+[A-Z][\w’'-]+")
    said = rf"(?:{speech})"
    return _Shapes(
        head=re.compile(rf"\b(?i:{studies}|{people})\b"),
        left=re.compile(rf"(?:(?:(?i:{quantity}|{modifier})|{YEAR}|{ACRONYM}|{CAP}[’']s|{CAP}"
                        rf"|phase\s+[IV\d]+)[\s,-]+)+$"),
        pin_after=re.compile(
            rf"[\s,]*(?:\(\s*(?:{YEAR}|{ACRONYM})\s*\)"
            rf"|(?:in|from|of)\s+{YEAR}\b"
            rf"|(?:\w+\s+){{0,3}}?(?:published|appearing|reported|presented|conducted|led|funded|"
            rf"supported|sponsored|run|carried\s+out|done|performed)\s+(?:\w+\s+){{0,7}}?"
            rf"(?:in|at|by)\s+(?:the\s+)?(?:(?:[\w-]+\s+){{0,3}}?(?i:journal|meeting\s+of)\s+(?:the\s+)?)?"
            rf"[“\"]?{CAP}(?:\s+(?:(?:of|for|and|&|the)\s+)?{CAP}){{0,6}}[”\"]?"
            rf"|(?:from|at|by|with|of|out\s+of)\s+(?:the\s+)?{CAP}(?:\s+(?:(?:of|for|and|&|the)\s+)?{CAP}){{0,6}}"
            rf"|(?:in|on)\s+(?:the\s+)?(?i:journal\s+)[“\"]?{CAP}(?:\s+{CAP}){{0,5}}[”\"]?)"),
        body=re.compile(body),
        framed_body=re.compile(
            rf"\b(?i:according\s+to)\s+(?:(?:the|a|an)\s+)*(?:{body}|{ACRONYM}\b|{person}|{proper})"
            rf"|(?:{body}|\b{ACRONYM})\s+(?:(?:also|now|currently|still|strongly)\s+)?"
            rf"(?:{reporting}|{speech})\b"
            rf"|\b(?i:{_words('organisations')})\s+{proper}\s+(?:(?:has|have|had|also)\s+)?"
            rf"(?:{reporting}|{speech})\b"),
        speaker=(
            re.compile(rf"(?P<role>(?:{CAP}\s+){{0,3}})(?P<who>{person})(?P<apposition>,\s[^“”\"]{{1,250}}?,)?"
                       rf"\s+(?:(?:also|further|then)\s+)?{said}\b"),
            re.compile(rf"\b{said},?\s+(?P<who>{person})(?P<apposition>,\s[^.“”\"]{{1,200}})?"),
            re.compile(rf"(?P<who>{person})\s+(?:of|from|at)\s+(?P<apposition>[^,.“”\"]{{1,120}}?)\s+{said}\b"),
            re.compile(rf"(?P<apposition>{body})[’']s\s+(?P<who>{person})"),
        ),
        reporting=re.compile(rf"\s*(?:[,;]\s*)?(?:\w+\s+){{0,3}}?(?:have\s+|has\s+|had\s+)?"
                             rf"(?:also\s+|consistently\s+|repeatedly\s+)?(?:been\s+)?"
                             rf"(?:{reporting}|{speech})\b"),
        self_role=re.compile(rf"\b(?i:{_words('self-roles')})\b|\b[Oo]ur\b"),
        tie_before=re.compile(r"(?i:\b(?:in|from|according\s+to|based\s+on|by)\s+)$"),
        named_body=re.compile(rf"\b(?:{CAP}\s+){{1,5}}(?:{bodies})\b(?:\s+(?:of|for|on)\s+(?:the\s+)?"
                              rf"{CAP}(?:\s+(?:(?:and|&|of|for|the)\s+)?{CAP}){{0,5}})?"
                              rf"|\b(?:{bodies})\s+of\s+(?:the\s+)?{proper}"),
        said=re.compile(rf"\b{said}\b"),
        verb=re.compile(rf"\b(?:{reporting}|{speech})\b"),
        titled=re.compile(rf"\b(?:{titles})\s+[A-Z][\w’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'-]+){{0,2}}"),
    )


def find(text: str, publisher: frozenset[str] = frozenset(),
         words: Words | None = None) -> Mention | None:
    """The strongest evidence mention or reported speech in a statement: named or self over
    vague; None when there is none. `publisher`: the names the page gives itself ("About
    X"), so that its own officers' words are `self`. `words`: which kinds of word the
    statement has, when the caller knows (the RE2 cue pass); shapes that need a missing
    kind are not tried."""
    shapes = _shapes()
    words = words or _words_in(text, shapes)
    speech = _speech(text, shapes, publisher, words)
    if speech is not None:
        return speech
    if words.title:
        lead = shapes.titled.match(text, len(text) - len(text.lstrip("“\"' ")))
        if lead is not None:  # "Dr. Jane Doe uses ...": her own practice is the source
            return Mention("named", lead.start(), lead.end())
    best: Mention | None = None
    for match in shapes.head.finditer(text) if words.head else ():
        found = _study(text, match, shapes)
        if found is not None and (best is None or (found.type == "named") > (best.type == "named")):
            best = found
        if best is not None and best.type == "named":
            return best
    framed = (shapes.framed_body.search(text)  # every frame needs a verb or "according to"
              if words.verb or "ccording to" in text else None)
    if framed is not None:
        return Mention("named", framed.start(), framed.end())
    if best is not None and not best.definite:
        journal = journals.find(text)
        if journal is not None:  # "Writing in Pediatrics, researchers said"
            return Mention("named", *journal)
        body = shapes.named_body.search(text)
        if body is not None:  # unnamed studies of a body named in the same sentence
            return Mention("named", body.start(), body.end())
    return best


@dataclass(frozen=True, slots=True)
class Words:
    """Which kinds of word a statement has, of those the mention shapes are built from."""

    head: bool = True
    """a study, people or body head"""
    said: bool = True
    """a speech verb"""
    verb: bool = True
    """a speech or reporting verb"""
    title: bool = True
    """a title before a name"""

    @classmethod
    def of(cls, groups: set[str]) -> Words:
        """From the statement's cue groups (detect.cues.MENTION_WORDS)."""
        said = "evidence.speech-verbs" in groups
        return cls(not groups.isdisjoint(_HEADS), said,
                   said or "evidence.reporting-verbs" in groups, "evidence.titles" in groups)


_HEADS = frozenset({"evidence.study-heads", "evidence.people-heads", "evidence.body-heads",
                    "evidence.organisations"})


def _words_in(text: str, shapes: _Shapes) -> Words:
    said = shapes.said.search(text) is not None
    return Words(shapes.head.search(text) is not None or shapes.body.search(text) is not None,
                 said, said or shapes.verb.search(text) is not None,
                 shapes.titled.search(text) is not None)


def person(text: str) -> tuple[int, int] | None:
    """The span of a titled person's name ("Dr. Jane Doe", "Professor Lee"), if any."""
    found = _shapes().titled.search(text)
    return found.span() if found else None


def _study(text: str, head: re.Match[str], shapes: _Shapes) -> Mention | None:
    start, end = head.span()
    if text[max(0, start - 6):start].casefold().endswith("under "):
        return None  # "under review", "under study": a state, not a work
    left = shapes.left.search(text, max(0, start - _LEFT_WINDOW), start)
    begin = left.start() if left else start
    chain = text[begin:start]
    words = chain.split()
    first_word = begin == 0 or not text[:begin].strip()
    pinned_left = any(
        re.fullmatch(YEAR, w.strip(",")) or re.fullmatch(ACRONYM, w.strip(","))
        or (w[:1].isupper() and not (first_word and i == 0)
            and w.casefold().strip(",") not in _common())
        for i, w in enumerate(words))
    after = shapes.pin_after.match(text, end)
    if pinned_left or after:
        return Mention("named", begin, after.end() if after else end)
    journal = journals.find(text[end:end + _JOURNAL_WINDOW])
    if journal is not None:  # "a study published last month in Pediatrics"
        return Mention("named", begin, end + journal[1])
    lowered = [w.casefold().strip(",") for w in words]
    bare_people = not lowered and head.group().casefold() in _people()  # "Researchers said"
    definite = bare_people or bool(lowered) and lowered[0] in ("the", "this", "that", "these",
                                                               "those")
    tied = shapes.reporting.match(text, end) or shapes.tie_before.search(text, 0, begin)
    if tied or (lowered and lowered[0] in _plural()):
        return Mention("vague", begin, end, definite=definite)
    return None


@cache
def _common() -> frozenset[str]:
    """Words that may be capitalised before a head without naming anything (a sentence or
    title case start): the quantifiers and modifiers."""
    evidence = lexicons.get("evidence")
    return evidence.terms("quantifiers") | evidence.terms("modifiers")


@cache
def _people() -> frozenset[str]:
    return lexicons.get("evidence").terms("people-heads")


@cache
def _plural() -> frozenset[str]:
    return frozenset({"many", "several", "numerous", "multiple", "mounting", "growing", "most",
                      "some", "emerging"})


def _speech(text: str, shapes: _Shapes, publisher: frozenset[str],
            words: Words) -> Mention | None:
    """A named speaker; `self` when their role is an officer's of the page's own company
    (or says "our")."""
    possessive = "’s" in text or "'s" in text  # most sentences have neither this nor a
    said = words.said                          # speech verb: the speaker shapes are costly
    for pattern, needs in zip(shapes.speaker, (said, said, said, possessive), strict=True):
        if not needs:
            continue
        found = pattern.search(text)
        if found is None:
            continue
        role = " ".join(filter(None, (found.groupdict().get("role"),
                                      found.groupdict().get("apposition"))))
        officer = shapes.self_role.search(role)
        own = officer and (officer.group() in ("our", "Our")
                           or any(name in role for name in publisher))
        kind = "self" if own else "named"
        return Mention(kind, found.start("who") if kind == "named" else found.start(),
                       found.end("apposition") if found.group("apposition") else found.end("who"))
    return None
