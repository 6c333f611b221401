"""Statements -> attributions: how each points to evidence (TAXONOMY §4), with the span of the
words that do the pointing and, for citations, what they point at.

Types, strongest first: citation (one work: author-year, numbered marker, footnote, DOI,
PMID, scholarly link, a full reference written in), named (an institution, journal or study
type that does not identify one work), self (the publisher's own experience), vague
(research in general), none.

Scope: an attribution on a heading or label (named, self or citation) covers the statements
under it until the next heading of the same or higher level; a sentence that refers back
("The analysis also found ...", "This suggests ...") takes the attribution of the sentence
before it in the same paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import cache

from claimcheck import lexicons
from claimcheck.detect import cues, mentions, references
from claimcheck.identifiers import find_doi
from claimcheck.lexicons.vocabulary import EMPTY, Vocabulary
from claimcheck.model import (
    NO_ATTRIBUTION,
    Attribution,
    BlockKind,
    Document,
    Pointer,
    Statement,
)
from claimcheck.vocab import POINTING

ORDER = POINTING
_OPENING = re.compile(r'[^\w"“]*["“]')
"""A statement that opens a quotation (after any stars or emoji: '⭐⭐⭐⭐⭐ "Best ...')."""
_SIGNED = re.compile(r'["”]\s*(?:[-–—]+|~)\s*[A-Z]')
"""A quotation closed and signed: the mark of a testimonial."""
_OWN_KEYS = frozenset({*(f"attribution.{kind}" for kind in ORDER), "attribution.self-label",
                       "layout.reference-shape"})
_MENTION_KEYS = frozenset(f"{lexicon}.{group}" for lexicon, group in cues.MENTION_WORDS)
_TITLES = "evidence.titles"
_SCOPING = frozenset({"citation", "named", "self"})
_SCHOLARLY_HOSTS = re.compile(
    r"https?://(?:dx\.)?doi\.org/|pubmed\.ncbi|ncbi\.nlm\.nih\.gov/pmc|europepmc\.org|"
    r"jamanetwork\.com|nejm\.org|thelancet\.com|bmj\.com|nature\.com|science\.org|"
    r"sciencedirect\.com|springer\.com|wiley\.com|academic\.oup\.com|plos\.org|frontiersin\.org|"
    r"psychiatryonline\.org|cochranelibrary\.com|clinicaltrials\.gov|tandfonline\.com|mdpi\.com|"
    r"biomedcentral\.com|arxiv\.org|medrxiv\.org|biorxiv\.org", re.IGNORECASE)
_PARENTHETICAL = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")
_YEAR_IN = re.compile(r"\b(?:19|20)\d{2}\b")
_GLUED = re.compile(r"^[a-z)”\"][.,;:]")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻", "0123456789,-")
_AUTHOR_YEAR = re.compile(r"([A-Z][\w'’-]+|[A-Z]{2,})[^;()]*?,?\s\(?((?:19|20)\d{2})[a-z]?\)?")
_PMID = re.compile(r"(?:(?:PMID|PubMed|Pubmed|PMCID)(?: ID)?:?\s*|PMC)(\d{5,9})")
_FIRST_AUTHOR = re.compile(r"\W*(?:\d{1,3}[.)\]]?\s+)?([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)\b(?=,| [A-Z]{1,3}\b| et al| and |\s*\()")
"""The surname opening a reference entry ("3. Moreau J, ...", "Moreau, J. (2018)")."""
_BY_AUTHOR = re.compile(
    r"\b([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)(?= et al\b| and (?:colleagues|co-?workers|co-?authors|"
    r"(?:his|her|their) (?:team|colleagues|group))\b|[’']s (?:team|group|lab|study|trial|paper|review|"
    r"work|research)\b)"
    r"|\b(?:stud(?:y|ies)|trials?|papers?|reviews?|work|research|analys[ie]s) (?:by|of|from|led by) "
    r"(?:Dr\.? |Professor |Prof\.? )?(?:[A-Z][a-z]+ )?([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)\b")
"""A first author named in running text: "Moreau et al.", "Moreau and colleagues", "Moreau's
team", "a study by Dr. Anne Moreau"."""


@cache
def _own_name_patterns(vocabulary: Vocabulary) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(shape, re.IGNORECASE) for shape in vocabulary.self_shapes())


def _own_names(vocabulary: Vocabulary, text: str) -> Iterator[tuple[int, int]]:
    """Where the project's names for the publisher speak for it ("Brightside patients
    report"), left to right."""
    found = sorted((m.start(), m.end()) for p in _own_name_patterns(vocabulary)
                   for m in p.finditer(text))
    yield from found


@cache
def _span_patterns(group: str) -> tuple[re.Pattern[str], ...]:
    flags = re.IGNORECASE
    return tuple(re.compile(e.source, flags) for e in lexicons.get("attribution").group(group))


def _spans(group: str, text: str) -> Iterator[tuple[int, int]]:
    """The spans the group marks, left to right; at each place the longest any entry marks.

    The group's alternation finds where a span starts; only there is each entry tried."""
    entries = _span_patterns(group)
    for found in lexicons.get("attribution").regex(group).finditer(text):
        start = found.start()
        ends = [m.end() for p in entries if (m := p.match(text, start))]
        yield start, max(ends, default=found.end())


def attribute(document: Document, statements: Sequence[Statement],
              hits: list[set[str]] | None = None,
              vocabulary: Vocabulary = EMPTY) -> list[Attribution]:
    """One attribution per statement, in order, scope rules applied. `hits` are the
    statements' cue groups (detect.cues.scan), computed here when not given. `vocabulary`:
    the project's names for the publisher make its own words `self`."""
    if hits is None:
        hits = cues.scan(statements, vocabulary=vocabulary)
    links = _Links(document)
    result: list[Attribution] = []
    headings: list[tuple[int, Attribution]] = []  # open heading attributions, by level
    thread: Attribution | None = None  # the source the text is reporting on (scope c)
    publisher = _publisher(statements) | frozenset(vocabulary.self)
    for index, (statement, fired) in enumerate(zip(statements, hits, strict=True)):
        own, definite = _own(statement, fired, links, vocabulary), False
        if not fired.isdisjoint(_MENTION_KEYS) or "ccording to" in statement.text:
            own, definite = _mentioned(statement, own, publisher, mentions.Words.of(fired))
        if own.type == "named" and vocabulary.self and vocabulary.names_publisher(own.text or ""):
            own = Attribution("self", own.text, own.start, own.end, own.pointers, own.inherited)
        if statement.kind is BlockKind.HEADING:
            thread = None  # a new section, a new topic
        if statement.kind in (BlockKind.HEADING, BlockKind.LABEL):
            level = document.blocks[statement.block].level or 2
            while headings and headings[-1][0] >= level:
                headings.pop()
            scoping = own.type in _SCOPING or (own.type == "vague"  # a vague lead-in: its
                                                 and statement.kind is BlockKind.LABEL)  # list
            if scoping and not _SIGNED.search(statement.text):  # a testimonial covers only itself
                headings.append((level, own))
            result.append(own)
            continue
        if (own.type == "none" or definite) and index and "attribution.back-reference" in fired:
            previous = result[-1]
            if statements[index - 1].block == statement.block and previous.type != "none":
                own, definite = _inherit(previous, "previous"), False
        if (own.type in ("none", "vague") and "attribution.thread" in fired or definite) \
                and thread is not None:  # a vague word inside the thread is the thread's
            own = _inherit(thread, "thread")
        if own.type == "none":
            person = mentions.person(statement.text) if _TITLES in fired else None
            if person is not None:  # a named expert the next "he" or "she" may quote
                begin = statement.start + person[0]
                thread = Attribution("named", statement.text[person[0]:person[1]], begin,
                                     statement.start + person[1])
        if own.type == "none" and headings:
            own = _inherit(headings[-1][1], "heading")
        result.append(own)
        if own.type != "none" and not own.inherited and not _SIGNED.search(statement.text):
            thread = own
        if own.type in ("self", "named") and not own.inherited and _closes_quote(statement.text):
            _quotation(statements, result, index)
    return result


_ABOUT = re.compile(r"^About (?:the )?([A-Z][\w&.,’' -]{2,80}?)[\s:.]*$")


def _publisher(statements: Sequence[Statement]) -> frozenset[str]:
    """The names a page gives itself in an "About X" heading or line (a press release's
    boilerplate), without a trailing company suffix."""
    names = set()
    for statement in statements:
        found = _ABOUT.match(statement.text.strip())
        if found:
            name = re.sub(r",?\s+(?:Inc|LLC|Ltd|Corp|Co|plc|GmbH)\.?$", "", found.group(1))
            names.add(name.strip(" ,"))
    return frozenset(n for n in names if n)


def _mentioned(statement: Statement, own: Attribution, publisher: frozenset[str],
               words: mentions.Words) -> tuple[Attribution, bool]:
    """The statement's own attribution, or an evidence mention or reported speech found by
    its shape where the lexicon found nothing or only a vague appeal. The flag says the
    mention only refers back ("the study found")."""
    if own.type not in ("none", "vague"):
        return own, False
    found = mentions.find(statement.text, publisher, words)
    if found is None:
        return own, False
    if own.type == "vague" and found.type == "vague":
        return own, found.definite
    words = statement.text[found.start:found.end].rstrip(" ,.;:")
    start = statement.start + found.start
    return Attribution(found.type, words, start, start + len(words)), found.definite


def _closes_quote(text: str) -> bool:
    """Whether a quotation that opened in an earlier sentence closes here: a signed
    testimonial, or more closing than opening quotation marks."""
    return _SIGNED.search(text) is not None or text.count("”") > text.count("“")


def _quotation(statements: Sequence[Statement], result: list[Attribution], index: int) -> None:
    """A signed testimonial covers every sentence of its quotation: back to the statement
    that opens the quote, within the block."""
    start = index
    while start and not _OPENING.match(statements[start].text) \
            and statements[start - 1].block == statements[index].block:
        start -= 1
    if start == index or not _OPENING.match(statements[start].text):
        return
    for earlier in range(start, index):
        if result[earlier].type == "none":
            result[earlier] = _inherit(result[index], "quotation")


def _inherit(attribution: Attribution, how: str) -> Attribution:
    return Attribution(attribution.type, attribution.text, attribution.start, attribution.end,
                       attribution.pointers, how)


def _own(statement: Statement, hits: set[str], links: _Links,
         vocabulary: Vocabulary = EMPTY) -> Attribution:
    """The attribution a statement makes by itself. A citation-shaped span inside a named
    source ("Yale University Study (2021)") belongs to the named source."""
    if hits.isdisjoint(_OWN_KEYS) and not links.links and not links.surnames:
        return NO_ATTRIBUTION
    text = statement.text
    linked = links.scholarly(statement)
    if linked:
        return linked
    keyed = links.first_author(statement)
    if keyed and "attribution.citation" not in hits:
        return keyed
    if statement.kind is not BlockKind.REFERENCE and "layout.reference-shape" in hits \
            and len(text) > 60:
        inner = next((m for m in _PARENTHETICAL.finditer(text) if _YEAR_IN.search(m.group(1))
                      and len(m.group(1)) > 30), None)
        start, words = ((statement.start + inner.start(1), inner.group(1)) if inner
                        else (statement.start, text))
        return Attribution("citation", words, start, start + len(words),
                           (Pointer("inline", words, reference=references.parse(words, start)),))
    if "attribution.self-label" in hits:
        label = text.rstrip(": ")
        return Attribution("self", label, statement.start, statement.start + len(label))
    named = list(_spans("named", text)) \
        if "attribution.named" in hits and "attribution.citation" in hits else []
    for kind in ORDER:
        if f"attribution.{kind}" not in hits:
            continue
        span = next((s for s in _spans(kind, text) if kind != "citation"
                     or not any(a <= s[0] < b for a, b in named)), None)
        if span is None and kind == "self" and vocabulary.self:
            span = next(_own_names(vocabulary, text), None)
        if span is None:
            continue
        words = text[span[0]:span[1]].rstrip(" ,.;:")
        lead = len(words) - len(words.lstrip("”\"' "))  # a testimonial's closing quote
        if kind == "citation" and (glued := _GLUED.match(words)):  # "bloating.1": the digits,
            if not links.references:  # and only where the page lists what they number
                continue
            lead = glued.end()
        words, span = words[lead:], (span[0] + lead, span[1])
        start = statement.start + span[0]
        pointers = _pointers(words) if kind == "citation" else ()
        return Attribution(kind, words, start, start + len(words), pointers)
    return NO_ATTRIBUTION


class _Links:
    """A document's hyperlinks to scholarly hosts, found by position, and whether it has a
    reference list."""

    def __init__(self, document: Document) -> None:
        self.text = document.text
        entries = [b for b in document.blocks if b.kind is BlockKind.REFERENCE]
        self.references = bool(entries)
        self.surnames = frozenset(m.group(1) for b in entries
                                  if (m := _FIRST_AUTHOR.match(document.text, b.start, b.end)))
        """The first authors of the page's reference list: named in a sentence, they key it."""
        scholarly = sorted((l for l in document.links if _SCHOLARLY_HOSTS.search(l.url)),
                           key=lambda l: l.start)
        self.links = scholarly
        self.starts = [l.start for l in scholarly]

    def scholarly(self, statement: Statement) -> Attribution | None:
        if not self.links:
            return None
        index = bisect_left(self.starts, statement.start)
        if index == len(self.links) or self.links[index].start >= statement.end:
            return None
        link = self.links[index]
        doi = find_doi(link.url)
        pointer = Pointer("doi", doi) if doi else Pointer("url", link.url)
        return Attribution("citation", self.text[link.start:link.end], link.start, link.end,
                           (pointer,))


    def first_author(self, statement: Statement) -> Attribution | None:
        """"Moreau and colleagues showed ...", where the page lists a work by Moreau."""
        if not self.surnames or statement.kind is BlockKind.REFERENCE:
            return None
        for m in _BY_AUTHOR.finditer(statement.text):
            index = 1 if m.group(1) else 2
            if m.group(index) in self.surnames:
                start, end = statement.start + m.start(index), statement.start + m.end(index)
                return Attribution("citation", m.group(index), start, end,
                                   (Pointer("author", m.group(index).casefold()),))
        return None


def _pointers(words: str) -> tuple[Pointer, ...]:
    """What a citation's words point at: works by author and year, entry numbers, ids."""
    doi = find_doi(words)
    if doi:
        return (Pointer("doi", doi),)
    pmid = _PMID.search(words)
    if pmid:
        return (Pointer("pmid", pmid.group(1)),)
    if words.startswith("http"):
        return (Pointer("url", words),)
    if words.startswith("[^"):
        return (Pointer("footnote", words[2:-1]),)
    numbers = re.sub(r"</?sup>", "", words.translate(_SUPERSCRIPT_DIGITS)).strip("[]")
    if re.fullmatch(r"[\d,\s–-]+", numbers):
        return tuple(Pointer("numbered", str(n)) for n in _expand(numbers))
    return tuple(Pointer("author-year", m.group(1).casefold(), m.group(2))
                 for m in _AUTHOR_YEAR.finditer(words))


def _expand(numbers: str) -> list[int]:
    """"1-3, 5" -> [1, 2, 3, 5]."""
    found: list[int] = []
    for part in re.split(r"\s*,\s*", numbers.strip()):
        bounds = re.split(r"\s*[–-]\s*", part)
        if len(bounds) == 2 and all(b.isdigit() for b in bounds) and int(bounds[0]) <= int(bounds[1]) <= int(bounds[0]) + 50:
            found.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        elif part.isdigit():
            found.append(int(part))
    return found
