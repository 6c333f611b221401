"""The report model: scores, page checks and the registry sources the claims use, built once
from the results and rendered by every format."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from claimcheck.evidence.registry import EMPTY, Registry
from claimcheck.model import Analysis, DocumentResult, Source
from claimcheck.report import pagechecks, score

from . import records


@dataclass(frozen=True)
class DocumentReport:
    """One document with what is judged of it as a whole: made by `document`, the only place
    a document's score, grade and page checks are computed."""

    result: DocumentResult
    score: float
    grade: str

    @cached_property
    def checks(self) -> tuple[pagechecks.Check, ...]:
        """The page checks (authorship, attribution, disclosure, currency), on first use."""
        return pagechecks.page(self.result)

    @property
    def claims(self) -> list[Analysis]:
        return [a for a in self.result.analyses if a.decision.claim]

    @property
    def marketing(self) -> list[Analysis]:
        return records.unsourced_marketing(self.result.analyses)


@dataclass(frozen=True)
class ReliabilityReport:
    documents: tuple[DocumentReport, ...]
    score: float
    grade: str
    sources: tuple[tuple[Source, int], ...]
    """Registry sources tied to claims, with how many claims each backs (candidates too)."""

    @property
    def claims(self) -> list[tuple[DocumentReport, Analysis]]:
        return [(d, a) for d in self.documents for a in d.claims]

    def worst(self, limit: int) -> list[tuple[DocumentReport, Analysis]]:
        """The unsourced marketing of the whole corpus, worst first."""
        ranked = sorted(((d, a) for d in self.documents for a in d.marketing),
                        key=lambda pair: (records.risk(pair[1]), pair[0].result.path))
        return ranked[:limit]


def document(result: DocumentResult) -> DocumentReport:
    value = score.mean(result.analyses)
    return DocumentReport(result, value, score.grade(value))


def build(results: Sequence[DocumentResult], registry: Registry = EMPTY) -> ReliabilityReport:
    documents = [document(result) for result in results]
    corpus = score.mean(a for r in results for a in r.analyses)
    used: dict[str, int] = {}
    for result in results:
        for analysis in result.analyses:
            if analysis.decision.claim:
                for source_id in dict.fromkeys(m.id for m in analysis.sources if m.id):
                    used[source_id] = used.get(source_id, 0) + 1
    sources = tuple((registry.get(i), n) for i, n in sorted(used.items()) if registry.get(i))
    return ReliabilityReport(tuple(documents), corpus, score.grade(corpus), sources)
