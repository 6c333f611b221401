"""The records that flow through the pipeline. All frozen: made once, never mutated.

path -> Document -> Statement -> Analysis (claim decision, attribution, status) -> DocumentResult
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import field, replace
from enum import Enum

from claimcheck.frozen import frozen
from claimcheck.vocab import Flag, Kind, Verdict


class BlockKind(str, Enum):
    """How a stretch of text is laid out on the page."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    LABEL = "label"
    """A short line introducing what follows: "Week 1-2: Induction Phase", "Side effects include:"."""
    REFERENCE = "reference"
    """An entry of a reference list, or the note under one."""


LABEL_LEVEL = 7
"""Labels rank below every heading (h1-h6) when deciding how far a heading's scope reaches."""


@frozen
class Block:
    """One layout unit of a document, by character offsets into its text."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    """Heading depth (1 = top); LABEL_LEVEL for labels; 0 for other blocks."""


@frozen
class Link:
    """A hyperlink whose anchor text spans text[start:end]."""

    start: int
    end: int
    url: str


@frozen
class Origin:
    """Where a document fetched from the web came from: what was asked for, how it got to
    the final address (the document's path), and what the server said it is."""

    requested: str
    redirects: tuple[str, ...]
    """Every address passed through before the final one, in order."""
    content_type: str


@frozen
class Document:
    """A page as text plus its block structure. Offsets everywhere refer to `text`."""

    path: str
    """As the user named it (relative, forward slashes): what reports show."""
    format: str
    """"txt", "md" or "html"."""
    text: str
    blocks: tuple[Block, ...]
    links: tuple[Link, ...] = ()
    comments: tuple[tuple[int, str], ...] = ()
    """HTML comments (text offset where each stood, its raw text): they are not in `text`,
    yet carry suppression directives. Markdown comments are in the text itself."""
    origin: Origin | None = None
    """For a web page: the address asked for and the redirects; None for a file."""
    pages: tuple[int, ...] = ()
    """For a PDF: the text offset where each page begins (the first is 0); else empty."""


@frozen
class Statement:
    """A sentence or stand-alone fragment. Always `document.text[start:end] == text`."""

    text: str
    start: int
    end: int
    line: int
    """1-based line of `start` in the document text."""
    block: int
    """Index of the block it came from in `Document.blocks`."""
    kind: BlockKind


@frozen
class Decision:
    """Whether a statement is a claim, and if so what kind (TAXONOMY §2, §3, §6)."""

    claim: bool
    reason: str | None = None
    """Why it is not a claim (boilerplate, call-to-action, heading, question, opinion, reference)."""
    kinds: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


@frozen
class Author:
    family: str
    """Surname, or the whole name of an organisation."""
    initials: str = ""


@frozen
class Reference:
    """An entry of a document's reference list (or a full reference written into a sentence)."""

    text: str
    start: int
    end: int
    number: str | None = None
    """The entry's number or footnote label ("3" for "[3]" or "3."), if it has one."""
    authors: tuple[Author, ...] = ()
    year: str | None = None
    title: str | None = None
    container: str | None = None
    """Journal, or for a book its publisher."""
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    note: str | None = None
    """The annotation under the entry ("This source provides ...")."""

    @property
    def first_author(self) -> str | None:
        return self.authors[0].family if self.authors else None

    @property
    def label(self) -> str:
        """How people name it: "Smith 2014"."""
        return " ".join(filter(None, (self.first_author, self.year))) or self.text[:40]

    def with_note(self, note: str) -> Reference:
        return replace(self, note=note)


@frozen
class Source:
    """A work in the registry (sources.yaml) and what is known about it."""

    id: str
    type: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    status: str = "unverified"
    """verified, unverified, mismatch, not-found, retracted or corrected."""
    verified_how: str | None = None
    verified_on: str | None = None
    notes: str | None = None
    checked_on: str | None = None
    """When `claimcheck sources verify` last looked the work up."""
    service: str | None = None
    mismatch: tuple[str, ...] = ()
    """The fields the published record disagrees on (status mismatch)."""
    notice: Notice | None = None
    """A retraction or correction notice."""
    search: SearchRecord | None = None
    """For a named source nobody could find: the bibliographic query, when, and what came back."""

    @property
    def first_author(self) -> str | None:
        """The first author's surname ("Smith" from "Smith AB"), or an organisation's name."""
        return surname(self.authors[0]) if self.authors else None


def surname(name: str) -> str:
    """"Smith" from a registry author "Smith AB"; an organisation's name as it stands."""
    parts = name.rsplit(" ", 1)
    return parts[0] if len(parts) == 2 and parts[1].isupper() and len(parts[1]) <= 3 else name


@frozen
class SourceMatch:
    """How a claim was tied to a work: a registry source, a reference entry, or both."""

    id: str | None
    """Registry id, or None for a reference entry the registry does not hold."""
    first_author: str | None
    year: str | None
    title: str | None
    container: str | None
    doi: str | None
    match: str
    """doi, pmid, author-year, numbered, footnote, title, named or candidate."""
    score: float = 1.0


@frozen
class Pointer:
    """What a citation points at, before it is resolved."""

    kind: str
    """"author-year", "author", "numbered", "footnote", "doi", "pmid", "url" or "inline"."""
    value: str
    """"smith" (a case-folded surname), "3", "10.1001/...", a URL, or the inline reference
    text."""
    year: str | None = None
    """The year of an author-year pointer."""
    reference: Reference | None = None
    """An inline pointer's reference, parsed once where it was found."""


def _present(record: object, names: tuple[str, ...]) -> dict:
    """A record's fields as the mapping sources.yaml holds, in field order, empty ones left out."""
    return {name: value for name in names if (value := getattr(record, name)) not in (None, "")}


@frozen
class Notice:
    """A retraction or correction notice on a work (`notice:` in sources.yaml)."""

    type: str | None = None
    """retraction, correction, erratum, ... as the service names it."""
    doi: str | None = None
    date: str | None = None
    source: str | None = None
    """Who issued or reported it (a publisher, "pubmed")."""

    FIELDS = ("type", "doi", "date", "source")

    @classmethod
    def of(cls, raw: object) -> Notice | None:
        if not isinstance(raw, dict):
            return None
        return cls(*(None if raw.get(name) is None else str(raw[name]) for name in cls.FIELDS))

    def record(self) -> dict:
        return _present(self, self.FIELDS)


@frozen
class Candidate:
    """A work a bibliographic search found that might be the one a named source means."""

    doi: str | None = None
    title: str | None = None
    year: int | None = None
    first_author: str | None = None

    FIELDS = ("doi", "title", "year", "first_author")

    def record(self) -> dict:
        return _present(self, self.FIELDS)


@frozen
class SearchRecord:
    """A bibliographic search for a named source nobody could find (`search:` in
    sources.yaml): the query, the service, the year asked for, when, and what came back."""

    query: str | None
    service: str | None
    on: object = None
    """The day of the search (a date as YAML reads it)."""
    year: int | None = None
    candidates: tuple[Candidate, ...] = ()

    @classmethod
    def of(cls, raw: object) -> SearchRecord | None:
        if not isinstance(raw, dict):
            return None
        candidates = tuple(Candidate(**{k: c.get(k) for k in Candidate.FIELDS})
                           for c in raw.get("candidates") or () if isinstance(c, dict))
        return cls(raw.get("query"), raw.get("service"), raw.get("on"), raw.get("year"),
                   candidates)

    def record(self) -> dict:
        record = {"query": self.query, "service": self.service, "on": self.on}
        if self.year:
            record["year"] = self.year
        record["candidates"] = [c.record() for c in self.candidates]
        return record


@frozen
class Attribution:
    """How a claim points to evidence (TAXONOMY §4), and the span of the words that do it."""

    type: str = "none"
    text: str | None = None
    start: int | None = None
    end: int | None = None
    """Document offsets of `text` (it may sit in a heading or an earlier sentence)."""
    pointers: tuple[Pointer, ...] = ()
    inherited: str | None = None
    """How it reached this statement from elsewhere: "heading" (scope a), "previous" (b), or
    "quotation" (the earlier sentences of a signed testimonial)."""


NO_ATTRIBUTION = Attribution()


VERDICTS = tuple(Verdict)
VERDICT_STATUS = {verdict: verdict.status for verdict in Verdict}
"""The status a verdict gives a claim in every output (not-a-claim: no longer a claim)."""


@frozen
class Review:
    """A person's judgement of a claim, from claims.yaml. It overrides the derived status."""

    verdict: str
    """approved, contradicted, unverifiable, needs-source or not-a-claim."""
    sources: tuple[str, ...] = ()
    """Registry ids the verdict rests on."""
    note: str | None = None
    reviewer: str | None = None
    date: str | None = None
    history: tuple[Review, ...] = ()
    """The reviews this one replaced, oldest first (each without a history of its own)."""


@frozen
class LibraryMatch:
    """A reviewed claim in the library that this claim is, or resembles."""

    id: str
    match: str
    """"exact" (same normalised text: the review applies), "suggested" (a near paraphrase:
    shown, not applied) or "accepted" (a suggestion a person accepted)."""
    similarity: float = 1.0


@frozen
class Analysis:
    """Everything decided about one statement."""

    id: str
    statement: Statement
    decision: Decision
    attribution: Attribution = NO_ATTRIBUTION
    status: str | None = None
    """Evidence status for claims (TAXONOMY §5); None for non-claims."""
    sources: tuple[SourceMatch, ...] = ()
    why: str | None = None
    """How the status was reached, in one sentence."""
    derived_status: str | None = None
    """The status the evidence gives, shown beside a reviewer's overriding verdict."""
    review: Review | None = None
    library: LibraryMatch | None = None


@frozen
class DocumentResult:
    path: str
    format: str
    analyses: tuple[Analysis, ...]
    references: tuple[Reference, ...] = ()
    """The document's own reference list, parsed."""
    text: str = ""
    """The document text the offsets refer to (for reports that show the page)."""
    comments: tuple[tuple[int, str], ...] = ()
    origin: Origin | None = None
    pages: tuple[int, ...] = ()


@frozen
class InputProblem:
    """An input that could not be read: reported, never fatal to the other inputs."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


CHECK_WORTHINESS = {kind: kind.check_worthiness for kind in Kind}
KINDS = tuple(Kind)
FLAGS = tuple(Flag)
REASONS = ("boilerplate", "call-to-action", "heading", "question", "opinion", "reference",
           "reviewed")
"""Why a statement is not a claim; "reviewed" when a person's verdict says so."""


def check_worthiness(kinds: tuple[str, ...]) -> str:
    """The highest check-worthiness among a claim's kinds (TAXONOMY §3)."""
    levels = {CHECK_WORTHINESS[k] for k in kinds}
    for level in ("high", "medium", "low"):
        if level in levels:
            return level
    return "low"


_FOLD = tuple({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ",
}.items())
"""Typographic variants folded for ids; str.replace per pair beats str.translate here."""


def normalise(text: str) -> str:
    """Fold case, whitespace, quotes and dashes so re-wrapped or re-typeset text compares equal."""
    if text.isascii():
        return " ".join(text.split()).lower()
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    for variant, plain in _FOLD:
        if variant in text:
            text = text.replace(variant, plain)
    return " ".join(text.split()).casefold()


def statement_id(text: str) -> str:
    """A stable id from the normalised text, not the position: moving text keeps its id."""
    return "c-" + hashlib.blake2b(normalise(text).encode(), digest_size=5).hexdigest()


@frozen
class OffLabelRule:
    """A use the regulator has not approved: efficacy claims for it get the off-label flag."""

    treatment: tuple[str, ...]
    """Regular expressions (case-insensitive, whole words) naming the treatment."""
    condition: tuple[str, ...]
    """Regular expressions naming the condition it is not approved for."""
    note: str = ""
    treatment_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    condition_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "treatment_re", _words(self.treatment))
        object.__setattr__(self, "condition_re", _words(self.condition))


def _words(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", re.IGNORECASE)
