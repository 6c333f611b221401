"""Reference entries -> fields: authors, year, title, container, volume, issue, pages, DOI,
PMID, URL.

A conditional random field labels each whitespace token of an entry (author, date, title,
journal, volume, pages, ...), as anystyle does; the model is trained by
`benchmarks/train_references.py` on anystyle's own training set and ships in
`claimcheck/models/`. Identifiers (DOI, PMID, URL) are taken by pattern, which is exact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

import pycrfsuite

from claimcheck.identifiers import find_doi
from claimcheck.lexicons.shapes import is_reference_shaped
from claimcheck.model import Author, Block, BlockKind, Document, Reference

MODEL = "references.crfsuite"
_TOKEN = re.compile(r"\S+")
_PUNCT = ".,;:()[]{}\"'“”‘’«»"
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d{2}|20\d{2})(?!\d)")
_PMID = re.compile(r"\bPMID:?\s*(\d{6,9})\b", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec january february march "
                    "april june july august september october november december".split())
_PUBLISHER_WORDS = frozenset("press publishing publishers publisher books verlag university "
                             "inc ltd llc co wiley springer elsevier routledge sage".split())
_JOURNAL_WORDS = frozenset("j journal rev review proc proceedings lett letters ann annals bull "
                           "trans acta arch archives am int med sci res clin psychiatry phys "
                           "chem biol quarterly magazine bulletin".split())
_FIELD_OF = {"author": "authors", "date": "date", "title": "title", "journal": "container",
             "container-title": "container", "volume": "volume", "pages": "pages",
             "publisher": "publisher", "citation-number": "number", "editor": "editors"}
_VANCOUVER = re.compile(
    r"\b((?:1[5-9]|20)\d{2})(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?;\s*(\w+)(?:\s*\((\w+)\))?"
    r"(?::\s*([A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?))?")
"""The AMA/Vancouver source line "2014;71(6):681-688", which has no spaces to tokenise on."""
_NUMBERED = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s+")
_MARKER_BEFORE = re.compile(r"(?:\[\^?([\w-]+)\]:?|(\d{1,3})[.)])[ \t]*$")


def tokens(raw: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(raw)]


def features(words: Sequence[str]) -> list[list[str]]:
    """Per-token features: the word, its shape and punctuation, dictionaries, position and
    the same for its neighbours."""
    own = [_own(w) for w in words]
    n = len(words)
    result = []
    for i in range(n):
        feats = list(own[i])
        feats.append(f"pos={10 * i // max(n, 1)}")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                feats.extend(f"{offset}:{f}" for f in own[j][:4])
            else:
                feats.append(f"{offset}:edge")
        result.append(feats)
    return result


def _own(word: str) -> list[str]:
    core = word.strip(_PUNCT)
    lower = core.lower()
    feats = [f"w={lower}", f"shape={_shape(core)}", f"end={word[-1] if word[-1] in _PUNCT else '_'}",
             f"start={word[0] if word[0] in _PUNCT else '_'}"]
    if _YEAR.fullmatch(core.rstrip("abcdefg")):
        feats.append("year")
    if core.isdigit():
        feats.append("number")
    if re.fullmatch(r"\d+[-–—]\d+", core):
        feats.append("range")
    if re.fullmatch(r"\d+\(\d+\)", core):
        feats.append("volume-issue")
    if re.fullmatch(r"(?:[A-Z]\.)+-?(?:[A-Z]\.)*", core + ("." if word.endswith(".") else "")):
        feats.append("initials")
    if lower in _MONTHS:
        feats.append("month")
    if lower in _PUBLISHER_WORDS:
        feats.append("publisher-word")
    if lower in _JOURNAL_WORDS:
        feats.append("journal-word")
    if lower in ("pp", "p", "pages"):
        feats.append("pages-word")
    if lower in ("vol", "volume", "no", "issue"):
        feats.append("volume-word")
    if lower in ("ed", "eds", "editor", "editors", "edited"):
        feats.append("editor-word")
    if lower in ("in", "and", "et", "al", "&"):
        feats.append(f"function={lower}")
    if "http" in lower or "doi" in lower or "www." in lower:
        feats.append("link")
    if core[:1].isupper():
        feats.append("capitalised")
    if len(core) > 1 and core.isupper():
        feats.append("upper")
    return feats


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "A", re.sub(r"[a-z]", "a", re.sub(r"\d", "9", word)))
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)[:6]


@cache
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    with resources.as_file(resources.files("claimcheck.models") / MODEL) as path:
        tagger.open(str(path))
    return tagger


def label(raw: str) -> list[tuple[str, str, int, int]]:
    """(label, token, start, end) for each whitespace token of one reference string."""
    found = tokens(raw)
    if not found:
        return []
    labels = _tagger().tag(features([t for t, _, _ in found]))
    return [(lab, tok, start, end) for lab, (tok, start, end) in zip(labels, found, strict=True)]


def fields(raw: str) -> dict[str, str]:
    """The first span of each field in a reference string, exactly as written."""
    spans: dict[str, tuple[int, int]] = {}
    previous = None
    for lab, _, start, end in label(raw):
        field = _FIELD_OF.get(lab)
        if field is None:
            previous = None
            continue
        if field in spans and previous == field:
            spans[field] = (spans[field][0], end)
        elif field not in spans:
            spans[field] = (start, end)
        previous = field
    return {field: raw[a:b] for field, (a, b) in spans.items()}


def clean(value: str | None) -> str | None:
    """Strip the punctuation and quotes a field keeps from its place in the entry."""
    if value is None:
        return None
    value = value.strip().strip(",;:.").strip().strip("\"'“”‘’«»").strip().strip(",;:.").strip()
    return value or None


def parse(raw: str, start: int = 0, number: str | None = None) -> Reference:
    """One reference entry, parsed. `start` places it in its document."""
    found = fields(raw)
    year = _YEAR.search(found.get("date", "")) or _YEAR.search(raw)
    volume, issue = _volume_issue(clean(found.get("volume")))
    page_range = pages(found.get("pages"))
    source_line = _VANCOUVER.search(raw)
    if source_line:
        year, volume, issue = source_line, source_line.group(2), source_line.group(3)
        page_range = source_line.group(4) or page_range
    doi = find_doi(raw)
    pmid = _PMID.search(raw)
    url = _URL.search(raw)
    return Reference(
        text=raw,
        start=start,
        end=start + len(raw),
        number=number or (clean(found.get("number")) or "").strip("[]()") or None,
        authors=tuple(authors(found.get("authors", ""))),
        year=year.group(1) if year else None,
        title=clean(found.get("title")),
        container=clean(found.get("container")) or clean(found.get("publisher")),
        volume=volume,
        issue=issue,
        pages=page_range,
        doi=doi,
        pmid=pmid.group(1) if pmid else None,
        url=url.group().rstrip(".,;") if url else None,
    )


def pages(value: str | None) -> str | None:
    """A page range without its "pp." label."""
    value = clean(value)
    return clean(re.sub(r"^(?:pp?|pages?)\.?\s*", "", value, flags=re.IGNORECASE)) if value else None


def _volume_issue(volume: str | None) -> tuple[str | None, str | None]:
    if not volume:
        return None, None
    match = re.fullmatch(r"(?:vol\.?\s*)?(\w+)\s*\((\w+)\)", volume, re.IGNORECASE)
    return (match.group(1), match.group(2)) if match else (volume, None)


_GIVEN = re.compile(r"(?:[A-Z][a-z]*\.?[\s-]?){1,3}|[A-Z][a-z]+(?: [A-Z]\.?)*")
_INITIALS = re.compile(r"(?:[A-Z]\.?-?){1,3}")


def authors(span: str) -> list[Author]:
    """Surnames and initials from an author span in the common styles:
    'Smith, A., Jones, M. K., & Lee, J. W.' (APA), 'Smith A, Jones MK, et al.'
    (Vancouver), 'O. Ambacher, B. Foutz' and 'Thomas F. LaPorta and Mischa Schwartz'
    (given names first), 'Beck, Ulrich, Anthony Giddens, and Scott Lash' (Chicago),
    'American Psychiatric Association' (an organisation)."""
    span = clean(re.sub(r",?\s*(?:et al\.?|and others)\s*[.,]?\s*$", "", span.strip(),
                        flags=re.IGNORECASE))
    if not span:
        return []
    pieces = re.split(r"(\s*;\s*|\s*,?\s+(?:and|&|et|und)\s+)", span)
    chunks = [pieces[0]]
    for separator, chunk in zip(pieces[1::2], pieces[2::2], strict=True):
        if ";" not in separator and _one_body(chunks[-1], chunk):
            chunks[-1] += separator + chunk  # "U.S. Food and Drug Administration"
        else:
            chunks.append(chunk)
    result = []
    for chunk in chunks:
        parts = [p.strip(" .") for p in chunk.split(",") if p.strip(" .")]
        i = 0
        while i < len(parts):
            part, following = parts[i], parts[i + 1] if i + 1 < len(parts) else None
            if following and _inverted(part, following):
                result.append(_author(part, following))
                i += 2
            else:
                result.append(_name(part))
                i += 1
    return result


def _inverted(part: str, following: str) -> bool:
    """Whether 'part, following' is one name written surname first ("Bergk, V.")."""
    if _is_body(part) or _INITIALS.fullmatch(part.split()[-1]) and len(part.split()) > 1:
        return False
    if any(_INITIALS.fullmatch(w) for w in part.split()[:-1]):
        return False  # "J. H. Smith": a whole name already
    return bool(_GIVEN.fullmatch(following))


def _name(part: str) -> Author:
    words = part.split()
    if len(words) == 1 or _is_body(part):
        return Author(part, "")
    if _INITIALS.fullmatch(words[-1]):
        return Author(" ".join(words[:-1]), words[-1].replace(".", "").replace("-", ""))
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1][:1].islower():
        family_start -= 1  # particles: "van", "de", "von"
    return _author(" ".join(words[family_start:]), " ".join(words[:family_start]))


def _one_body(before: str, after: str) -> bool:
    """Whether 'before and after' is one organisation's name, not two authors: "U.S. Food" +
    "Drug Administration", "Centers for Disease Control" + "Prevention"."""
    if "," in before or "," in after:
        return False
    if _is_body(after) and not _is_body(before):
        return len(before.split()) <= 4 and bool(re.search(r"\b[A-Z][a-z]{2,}$", before)) \
            and not re.search(r"\b(?:[A-Z]\.?){1,3}$", before)
    return _is_body(before) and bool(re.fullmatch(r"[A-Z][a-z]+", after))


def _is_body(name: str) -> bool:
    """An organisation as author ("American Psychiatric Association")."""
    return bool(re.search(r"\b(?:Association|Society|Organi[sz]ation|Institute|Agency|College|"
                          r"Academy|Centers?|Council|Department|Foundation|Group|Administration)\b",
                          name))


def _author(family: str, given: str) -> Author:
    if re.fullmatch(r"[A-Z]{1,3}", given):
        return Author(family.strip(" ,."), given)  # already initials: "AM"
    initials = "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part[:1].isalpha())
    return Author(family.strip(" ,."), initials.upper())


def from_document(document: Document) -> tuple[Reference, ...]:
    """The document's reference list: each entry parsed, the note under it attached."""
    entries: list[Reference] = []
    for block in document.blocks:
        if block.kind is not BlockKind.REFERENCE:
            continue
        raw = document.text[block.start:block.end]
        number = _marker(document.text, block)
        if entries and number is None and not is_reference_shaped(raw):
            last = entries[-1]
            note = raw if last.note is None else f"{last.note} {raw}"
            entries[-1] = last.with_note(note)
            continue
        entries.append(parse(raw, block.start, number))
    return tuple(entries)


def _marker(text: str, block: Block) -> str | None:
    """The number or footnote label a list entry was introduced by ("3." / "[3]" / "[^3]:")."""
    line_start = text.rfind("\n", 0, block.start) + 1
    before = _MARKER_BEFORE.search(text, line_start, block.start)
    if before:
        return before.group(1) or before.group(2)
    inside = _NUMBERED.match(text, block.start, block.end)
    return (inside.group(1) or inside.group(2)) if inside else None

