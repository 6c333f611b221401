"""The product's vocabularies (TAXONOMY §3-§6), each defined once with its order and groups.

Every member is a `str` whose value is the word written in claims.yaml, JSON schema 1, CSV and
SARIF, so a member and its word compare equal and serialise the same. Definition order is
the order the reports list them in.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """The evidence status of a claim (TAXONOMY §5), best first."""

    SUPPORTED = "supported"
    CITED = "cited"
    BIBLIOGRAPHY = "bibliography"
    UNVERIFIABLE = "unverifiable"
    CONTRADICTED = "contradicted"
    VAGUE = "vague"
    SELF_REPORTED = "self-reported"
    UNSOURCED = "unsourced"

    @property
    def sourced(self) -> bool:
        """Rests on a pointer to a work (possibly only weakly, through a reference list)."""
        return self in SOURCED


SOURCED = (Status.SUPPORTED, Status.CITED, Status.BIBLIOGRAPHY)
MARKETING = (Status.CONTRADICTED, Status.UNVERIFIABLE, Status.UNSOURCED, Status.SELF_REPORTED,
             Status.VAGUE)
"""The statuses that count as unsourced marketing, the most serious first."""


class AttributionType(StrEnum):
    """How a statement points to evidence (TAXONOMY §4), strongest first."""

    CITATION = "citation"
    NAMED = "named"
    SELF = "self"
    VAGUE = "vague"
    NONE = "none"


POINTING = (AttributionType.CITATION, AttributionType.NAMED, AttributionType.SELF,
            AttributionType.VAGUE)
"""The attribution types that point somewhere, strongest first."""


class Verdict(StrEnum):
    """A reviewer's judgement of a claim in claims.yaml."""

    APPROVED = "approved"
    CONTRADICTED = "contradicted"
    UNVERIFIABLE = "unverifiable"
    NEEDS_SOURCE = "needs-source"
    NOT_A_CLAIM = "not-a-claim"

    @property
    def status(self) -> Status | None:
        """The status the verdict gives the claim in every output (None: no longer a claim)."""
        return _VERDICT_STATUS[self]


_VERDICT_STATUS = {Verdict.APPROVED: Status.SUPPORTED, Verdict.CONTRADICTED: Status.CONTRADICTED,
                   Verdict.UNVERIFIABLE: Status.UNVERIFIABLE,
                   Verdict.NEEDS_SOURCE: Status.UNSOURCED, Verdict.NOT_A_CLAIM: None}


class SourceStatus(StrEnum):
    """How a registry source (sources.yaml) stands after verification."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    MISMATCH = "mismatch"
    NOT_FOUND = "not-found"
    RETRACTED = "retracted"
    CORRECTED = "corrected"


class Kind(StrEnum):
    """What a claim is about (TAXONOMY §3), high check-worthiness first."""

    STATISTIC = "statistic"
    EFFICACY = "efficacy"
    SAFETY = "safety"
    COMPARATIVE = "comparative"
    REGULATORY = "regulatory"
    EPIDEMIOLOGY = "epidemiology"
    MECHANISM = "mechanism"
    HISTORY = "history"
    PROTOCOL = "protocol"
    BACKGROUND = "background"
    PROVIDER = "provider"

    @property
    def check_worthiness(self) -> str:
        """high (must be sourced), medium or low."""
        return _WORTH[self]


_WORTH = {kind: ("high" if index < 6 else "low" if kind is Kind.PROVIDER else "medium")
          for index, kind in enumerate(Kind)}


class Flag(StrEnum):
    """A qualifier of a claim's wording (TAXONOMY §6)."""

    HYPE = "hype"
    ABSOLUTE = "absolute"
    HEDGED = "hedged"
    NUMBER = "number"
    OFF_LABEL = "off-label"
