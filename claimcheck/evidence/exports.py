"""Reference-manager exports -> registry fields: BibTeX (bibtexparser), RIS (rispy) and
CSL-JSON (the JSON Zotero, Mendeley and EndNote export), so nobody retypes references."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import rispy

from claimcheck.detect import references
from claimcheck.identifiers import is_doi

FORMATS = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "csl-json",
           ".csl": "csl-json"}
_TYPES = {  # each format's work types -> the registry's
    "article": "journal-article", "article-journal": "journal-article", "jour": "journal-article",
    "ejour": "journal-article", "book": "book", "inbook": "book", "chap": "book",
    "chapter": "book", "incollection": "book", "report": "guideline", "rprt": "guideline",
    "webpage": "web", "elec": "web", "online": "web", "misc": "web",
}


_AND = re.compile(r"\s+and\s+(?![^{]*})")
"""BibTeX's name separator, outside braces."""
_BRACED = re.compile(r"\{[^{}]*\}")
"""A name wholly in braces ({World Health Organization}) is an organisation, kept as is."""


class BibliographyError(Exception):
    """An export that cannot be read: one line naming the file (and the line, when known)."""


def read(path: Path) -> list[dict]:
    """The works in one export, as registry fields (empty fields left out)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise BibliographyError(f"{path}: unsupported export {path.suffix!r} "
                                f"(supported: .bib, .ris, .json)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BibliographyError(f"{path}: cannot read: {exc}") from None
    reader = {"bibtex": _bibtex, "ris": _ris, "csl-json": _csl}[fmt]
    works = [_clean(w) for w in reader(path, text)]
    if not works:
        raise BibliographyError(f"{path}: no references found")
    return works


def _bibtex(path: Path, text: str) -> list[dict]:
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise BibliographyError(f"{path}:{block.start_line + 1}: malformed BibTeX entry")
    works = []
    for entry in library.entries:
        fields = {k.lower(): _debrace(f.value) for k, f in entry.fields_dict.items()}
        raw = str(entry.fields_dict["author"].value) if "author" in entry.fields_dict else ""
        works.append({
            "type": _TYPES.get(entry.entry_type.lower(), "journal-article"),
            "authors": [_debrace(n) if _BRACED.fullmatch(n) else _name(n)
                        for n in _AND.split(raw.strip())],
            "year": fields.get("year"), "title": fields.get("title"),
            "container": fields.get("journal") or fields.get("booktitle") or fields.get("publisher"),
            "volume": fields.get("volume"), "issue": fields.get("number"),
            "pages": fields.get("pages", "").replace("--", "-"), "doi": fields.get("doi"),
            "pmid": fields.get("pmid"), "url": fields.get("url"),
        })
    return works


def _ris(path: Path, text: str) -> list[dict]:
    try:
        records = rispy.loads(text)
    except Exception as exc:  # rispy raises bare IOError/ValueError subclasses
        raise BibliographyError(f"{path}: malformed RIS: {exc}") from None
    works = []
    for r in records:
        pages = "-".join(p for p in (r.get("start_page"), r.get("end_page")) if p)
        works.append({
            "type": _TYPES.get(str(r.get("type_of_reference", "")).lower(), "journal-article"),
            "authors": [_name(a) if "," in a else a.strip()  # no comma: an organisation
                        for a in r.get("authors") or r.get("first_authors") or []],
            "year": str(r.get("year") or r.get("publication_year") or "")[:4] or None,
            "title": r.get("title") or r.get("primary_title"),
            "container": r.get("secondary_title") or r.get("journal_name")
            or r.get("alternate_title1") or r.get("publisher"),
            "volume": r.get("volume"), "issue": r.get("number"), "pages": pages,
            "doi": r.get("doi"), "url": (r.get("urls") or [None])[0],
            "pmid": _pmid(r.get("accession_number")),
        })
    return works


def _csl(path: Path, text: str) -> list[dict]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BibliographyError(f"{path}:{exc.lineno}: malformed CSL-JSON: {exc.msg}") from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise BibliographyError(f"{path}: CSL-JSON must be a list of objects, one per work")
    works = []
    for item in items:
        parts = (item.get("issued") or {}).get("date-parts") or [[None]]
        authors = [a.get("literal") or _name(f"{a.get('family', '')}, {a.get('given', '')}")
                   for a in item.get("author") or []]
        works.append({
            "type": _TYPES.get(str(item.get("type", "")).lower(), "journal-article"),
            "authors": authors, "year": str(parts[0][0]) if parts[0][0] else None,
            "title": item.get("title"), "container": item.get("container-title")
            or item.get("publisher"), "volume": item.get("volume"), "issue": item.get("issue"),
            "pages": item.get("page"), "doi": item.get("DOI"), "pmid": item.get("PMID"),
            "url": item.get("URL"),
        })
    return works


def _name(raw: str) -> str:
    """One person's name in any export's form ("Smith, Jane", "Jane Smith") in the registry's
    ("Smith J"), by the parser that reads reference lists."""
    found = references.authors(_debrace(raw).strip(" ,"))
    return f"{found[0].family} {found[0].initials}".strip() if found else ""


def _debrace(value: str) -> str:
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def _pmid(value: object) -> str | None:
    text = str(value or "")
    return text if text.isdigit() else None


def _clean(work: dict) -> dict:
    clean = {}
    for key, value in work.items():
        if isinstance(value, str):
            value = value.strip().rstrip(".") if key == "title" else value.strip()
            if key == "doi":
                value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value,
                               flags=re.IGNORECASE)
        if key == "authors":
            value = [a for a in value if a]
        if value not in (None, "", []):
            clean[key] = value
    if "year" in clean:  # what the registry accepts; anything else is left for a person
        year = str(clean["year"])
        clean["year"] = int(year) if year.isdigit() and 1500 <= int(year) <= 2100 else None
    if not is_doi(str(clean.get("doi", "10.0000/x"))):
        del clean["doi"]
    if not str(clean.get("pmid", "1")).isdigit():
        del clean["pmid"]
    return {k: v for k, v in clean.items() if v is not None}
