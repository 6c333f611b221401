"""The one result of a run: every document judged once (score, grade, page checks), the
corpus score, the registry sources the claims use, the gate's findings when it ran, and the
input problems. Made by `build`, the only place scores and grades are computed; every format
renders it through `records.to_records`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from claimcheck.evidence.registry import EMPTY, Registry
from claimcheck.model import DocumentResult, InputProblem, Source
from claimcheck.report import pagechecks, score
from claimcheck.report.spool import Spool

if TYPE_CHECKING:
    from claimcheck.gate import Outcome


@dataclass(frozen=True)
class DocumentReport:
    """One document with what is judged of it as a whole: made by `document`, the only place
    a document's score, grade and page checks are computed."""

    result: DocumentResult
    score: float | None
    """None: nothing to assess (no claim of high or medium check-worthiness)."""
    grade: str | None

    @cached_property
    def checks(self) -> tuple[pagechecks.Check, ...]:
        """The page checks (authorship, attribution, disclosure, currency), on first use."""
        return pagechecks.page(self.result)


@dataclass(frozen=True)
class Result:
    """One run, whole."""

    documents: Sequence[DocumentReport]
    """In input order, read from disk on demand (spool.Spool)."""
    score: float | None
    grade: str | None
    sources: tuple[tuple[Source, int], ...]
    """Registry sources tied to claims, with how many claims each backs (candidates too)."""
    problems: tuple[InputProblem, ...] = ()
    outcome: Outcome | None = None
    """The gate's findings (`claimcheck check`); None when the gate did not run."""


def document(result: DocumentResult, mean: score.Mean | None = None) -> DocumentReport:
    """`mean`: the document's running mean (score.Mean) when the caller has it already."""
    if mean is None:
        mean = score.Mean()
        mean.add(result.analyses)
    value = mean.value
    return DocumentReport(result, value, score.grade(value))


def build(items: Iterable[DocumentResult | InputProblem], registry: Registry = EMPTY,
          problems: Sequence[InputProblem] = (),
          gate: Callable[[Sequence[DocumentReport]], Outcome] | None = None) -> Result:
    """The result of a run from the pipeline's stream of results and input problems (and any
    `problems` found before it); `gate` turns the judged documents into findings. The
    documents are kept on disk (spool.Spool) and everything of the corpus as a whole is
    worked out as they pass, so memory does not grow with the corpus."""
    documents: Spool[DocumentReport] = Spool()
    found = list(problems)
    corpus = score.Mean()
    used: dict[str, int] = {}
    for item in items:
        if isinstance(item, InputProblem):
            found.append(item)
            continue
        judged = document(item)
        judged.checks  # worked out once, and kept with the document  # noqa: B018
        documents.append(judged)
        corpus.add(item.analyses)
        for analysis in item.analyses:
            if analysis.decision.claim:
                for source_id in dict.fromkeys(m.id for m in analysis.sources if m.id):
                    used[source_id] = used.get(source_id, 0) + 1
    sources = tuple((registry.get(i), n) for i, n in sorted(used.items()) if registry.get(i))
    value = corpus.value
    return Result(documents, value, score.grade(value), sources, tuple(found),
                  gate(documents) if gate else None)
