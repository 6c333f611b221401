"""The one DOI pattern of the package, and how a DOI is cut out of running text or a URL."""

from __future__ import annotations

import re

DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
"""A DOI as written in references, sentences and links: "10.", a registrant code, "/", a suffix
(which may hold brackets: "10.1016/S0140-6736(10)60175-4")."""

_TRAILING = ".,;:"


def find_doi(text: str) -> str | None:
    """The first DOI in `text`, without the punctuation or closing bracket of the sentence
    around it."""
    found = DOI.search(text)
    return _trim(found.group()) if found else None


def is_doi(value: str) -> bool:
    """Whether `value` is one DOI and nothing else (a registry field, an import)."""
    return DOI.fullmatch(value) is not None


def _trim(doi: str) -> str:
    while doi:
        if doi[-1] in _TRAILING:
            doi = doi[:-1]
        elif doi[-1] in ")]" and doi.count("(" if doi[-1] == ")" else "[") < doi.count(doi[-1]):
            doi = doi[:-1]
        else:
            return doi
    return doi
