"""Reliability scores: per claim, per document and for the corpus, 0-100 with a letter grade.

The formula (also in the README):

- a claim scores by its effective status (a reviewer's verdict wins): supported 100, cited 80,
  bibliography 60, vague 25, self-reported 20, unverifiable 10, unsourced 0, contradicted 0;
- `hype` and `absolute` each take 10 off an unreviewed claim (never below 0); a claim a
  reviewer approved scores 100 whatever its wording, one judged contradicted 0;
- a document scores the mean of its claims' scores weighted by check-worthiness (high 3,
  medium 2, low 1); the corpus scores the same weighted mean over all its claims;
- a document (or corpus) with no claim of high or medium check-worthiness gets no score and
  no grade: "nothing to assess" (opening hours and a phone number ask the reader to trust
  nothing about health), and never fails CC301;
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
ASSESSED = WEIGHT["medium"]
"""The least weight of a claim that makes a text something to assess."""
NOTHING = "nothing to assess"


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
        self.assessed = False

    def add(self, analyses: Iterable[Analysis]) -> None:
        for analysis in analyses:
            if analysis.decision.claim:
                w = weight(analysis)
                self.total += w * claim(analysis)
                self.weights += w
                self.assessed = self.assessed or w >= ASSESSED

    def merge(self, other: Mean) -> None:
        """Take in another running mean (a document's, worked out where it was analysed)."""
        self.total += other.total
        self.weights += other.weights
        self.assessed = self.assessed or other.assessed

    @property
    def value(self) -> float | None:
        """Rounded to one decimal; None for a text with nothing to assess (no claim of high or
        medium check-worthiness)."""
        return round(self.total / self.weights, 1) if self.assessed else None


def mean(analyses: Iterable[Analysis]) -> float | None:
    """The check-worthiness-weighted mean claim score, rounded to one decimal."""
    running = Mean()
    running.add(analyses)
    return running.value


def grade(score: float | None) -> str | None:
    if score is None:
        return None
    return next(letter for floor, letter in GRADES if score >= floor)


def shown(score: float | None, grade: str | None) -> str:
    """A score and grade as the reports print them: "71.3 B", or "nothing to assess"."""
    return NOTHING if score is None or score != score else f"{score:g} {grade}"
