"""Claims with no pointer on a page that has a reference list: the entries that fit each best."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from claimcheck import lexicons
from claimcheck.evidence.matching import match
from claimcheck.model import SourceMatch

if TYPE_CHECKING:
    from claimcheck.evidence.link import Evidence

CANDIDATE_THRESHOLD = 40.0
"""Lowest fit score (0-100) at which a reference entry is offered as a candidate."""
MAX_CANDIDATES = 3
_WORD = re.compile(r"[a-z][a-z-]{2,}")
_STOPWORDS = frozenset("""the and for with that this from into its are was were has have had can may
might will would could should not but also than then there their them they these those such
which who whom whose what when where how why all any each other some more most many much very
often well been being about after before over under between through during within without
upon our your you his her one two new use used using including include includes help helps
may can individuals people patients person persons""".split())


def rank_candidates(claim: str, kinds: Sequence[str],
                    evidence: Evidence) -> tuple[SourceMatch, ...]:
    """Up to three reference entries that fit a claim best, above the threshold.

    Fit is rapidfuzz's token-set ratio between the claim's content words and the entry's
    title and note (the words an editor would check the claim against), both cut to word
    stems, with the claim's words joined by those that describe works on its kinds (an
    overview for background, a trial for efficacy: lexicons/candidates.yaml). An entry that
    shares no stem with the claim is never offered."""
    words = content(claim)
    if not words:
        return ()
    words = " ".join((words, *(_hints(kind) for kind in kinds)))
    vocabulary = set(words.split())
    sharing = [i for i, about in enumerate(evidence.about) if vocabulary & set(about.split())]
    found = process.extract(words, [evidence.about[i] for i in sharing],
                            scorer=fuzz.token_set_ratio, limit=MAX_CANDIDATES,
                            score_cutoff=CANDIDATE_THRESHOLD)
    return tuple(match(evidence.entries[sharing[i]], evidence.sources[sharing[i]], "candidate",
                        score / 100) for _, score, i in found)


def content(text: str) -> str:
    """Content words cut to stems of six letters ("symptoms", "symptom" -> "sympto")."""
    return " ".join(w[:6] for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS)


@cache
def _hints(kind: str) -> str:
    lexicon = lexicons.get("candidates")
    return content(" ".join(sorted(lexicon.terms(kind)))) if kind in lexicon.groups else ""
