"""Scores are monotonic: a verified citation or an approving review never lowers one, an
added unsourced high check-worthiness claim never raises one (property tests); a text with no
claim of high or medium check-worthiness has nothing to assess, and neither change alters
that."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.model import KINDS, Analysis, BlockKind, Decision, Review, Statement
from claimcheck.report import score

STATUSES = tuple(score.STATUS_POINTS)
FLAGS = ("hype", "absolute", "hedged", "number", "off-label")
VERDICTS = ("approved", "contradicted", "unverifiable", "needs-source")


def make(status: str, kinds: tuple[str, ...], flags: tuple[str, ...],
         verdict: str | None = None) -> Analysis:
    statement = Statement("x", 0, 1, 1, 0, BlockKind.PARAGRAPH)
    review = Review(verdict) if verdict else None
    return Analysis("c-x", statement, Decision(True, None, kinds, flags), status=status,
                    review=review)


claims = st.builds(
    make,
    st.sampled_from(STATUSES),
    st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True).map(tuple),
    st.lists(st.sampled_from(FLAGS), max_size=3, unique=True).map(tuple),
    st.one_of(st.none(), st.sampled_from(VERDICTS)),
)


@given(st.lists(claims, max_size=12), st.integers(min_value=0, max_value=11))
def test_a_verified_citation_never_lowers_a_score(documents, index):
    if not documents:
        return
    index %= len(documents)
    before = score.mean(documents)
    changed = list(documents)
    target = changed[index]
    if target.review is None:
        changed[index] = replace(target, status="supported")
        assert score.claim(changed[index]) >= score.claim(target)
        after = score.mean(changed)
        assert (after is None) is (before is None)
        assert before is None or after >= before


@given(st.lists(claims, max_size=12), st.integers(min_value=0, max_value=11))
def test_an_approving_review_never_lowers_a_score(documents, index):
    if not documents:
        return
    index %= len(documents)
    changed = list(documents)
    changed[index] = replace(changed[index], review=Review("approved"), status="supported")
    assert score.claim(changed[index]) >= score.claim(documents[index])
    before, after = score.mean(documents), score.mean(changed)
    assert (after is None) is (before is None)
    assert before is None or after >= before


@given(st.lists(claims, max_size=12),
       st.sampled_from(("statistic", "efficacy", "safety", "comparative", "regulatory",
                        "epidemiology")),
       st.lists(st.sampled_from(FLAGS), max_size=3, unique=True).map(tuple))
def test_an_unsourced_high_claim_never_raises_a_score(documents, kind, flags):
    added = make("unsourced", (kind,), flags)
    before, after = score.mean(documents), score.mean([*documents, added])
    assert after is not None  # a high claim is something to assess
    assert before is None or after <= before


@given(st.lists(claims, max_size=12))
def test_scores_stay_in_range_and_grades_follow(documents):
    value = score.mean(documents)
    assessed = any(score.weight(a) >= score.WEIGHT["medium"] for a in documents)
    assert (value is not None) is assessed
    if assessed:
        assert 0 <= value <= 100
        assert score.grade(value) in "ABCDF"
    else:
        assert score.grade(value) is None and score.shown(value, None) == "nothing to assess"


def test_the_documented_points():
    assert score.claim(make("supported", ("efficacy",), ())) == 100
    assert score.claim(make("supported", ("efficacy",), ("hype", "absolute"))) == 80
    assert score.claim(make("unsourced", ("efficacy",), ("hype",))) == 0
    assert score.claim(make("vague", ("efficacy",), ("hype",), "approved")) == 100
    assert score.mean([make("supported", ("efficacy",), ()), make("unsourced", ("provider",), ())]) == 75.0
    assert score.mean([]) is None  # nothing to assess
    assert score.mean([make("unsourced", ("provider",), ())]) is None  # low only
    assert score.mean([make("unsourced", ("provider",), ()),
                       make("cited", ("mechanism",), ())]) is not None
    assert [score.grade(v) for v in (85, 84.9, 70, 55, 40, 39.9)] == ["A", "B", "B", "C", "D", "F"]
