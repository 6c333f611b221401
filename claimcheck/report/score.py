"""Reliability scores: per claim, per document and for the corpus, 0-100 with a letter grade.

The formula (also in the README):

- a claim scores by its effective status (a reviewer's verdict wins): supported 100, cited 80,
  bibliography 60, vague 25, self-reported 20, unverifiable 10, unsourced 0, contradicted 0;
- `hype` and `absolute` each take 10 off an unreviewed claim (never below 0); a claim a
  reviewer approved scores 100 whatever its wording, one judged contradicted 0;
- a document scores the mean of its claims' scores weighted by check-worthiness (high 3,
  medium 2, low 1); a document with no claims scores 100 (it asks the reader to trust
  nothing); the corpus scores the same weighted mean over all its claims;
- grade: A >= 85, B >= 70, C >= 55, D >= 40, F below.

Monotonic by construction: a verified citation or an approving review only raises a claim's
status score, penalties never depend on status, and an added unsourced high claim scores 0
with the largest weight, so it can only pull a mean down.
"""

from __future__ import annotations

from collections.abc import Iterable

from claimcheck.model import Analysis, check_worthiness
from claimcheck.vocab import Status, Verdict

STATUS_POINTS = {Status.SUPPORTED: 100, Status.CITED: 80, Status.BIBLIOGRAPHY: 60,
                 Status.VAGUE: 25, Status.SELF_REPORTED: 20, Status.UNVERIFIABLE: 10,
                 Status.UNSOURCED: 0, Status.CONTRADICTED: 0}
FLAG_PENALTY = {"hype": 10, "absolute": 10}
WEIGHT = {"high": 3, "medium": 2, "low": 1}
GRADES = ((85, "A"), (70, "B"), (55, "C"), (40, "D"), (0, "F"))
NO_CLAIMS = 100.0


def claim(analysis: Analysis) -> int:
    """0-100 for one claim."""
    review = analysis.review
    if review is not None and review.verdict == Verdict.APPROVED:
        return 100
    points = STATUS_POINTS.get(analysis.status or "", 0)
    if review is None:
        points -= sum(FLAG_PENALTY.get(flag, 0) for flag in analysis.decision.flags)
    return max(0, points)


def weight(analysis: Analysis) -> int:
    return WEIGHT[check_worthiness(analysis.decision.kinds)]


class Mean:
    """The check-worthiness-weighted mean claim score, built up as claims arrive (a document's,
    or a corpus streamed a document at a time)."""

    def __init__(self) -> None:
        self.total = self.weights = 0

    def add(self, analyses: Iterable[Analysis]) -> None:
        for analysis in analyses:
            if analysis.decision.claim:
                w = weight(analysis)
                self.total += w * claim(analysis)
                self.weights += w

    @property
    def value(self) -> float:
        """Rounded to one decimal; a text with no claims scores NO_CLAIMS."""
        return round(self.total / self.weights, 1) if self.weights else NO_CLAIMS


def mean(analyses: Iterable[Analysis]) -> float:
    """The check-worthiness-weighted mean claim score, rounded to one decimal."""
    running = Mean()
    running.add(analyses)
    return running.value


def grade(score: float) -> str:
    return next(letter for floor, letter in GRADES if score >= floor)
