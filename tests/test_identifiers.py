"""The one DOI pattern and the one title comparison of the package."""

from __future__ import annotations

import pytest

from claimcheck.evidence.similarity import similar
from claimcheck.identifiers import find_doi, is_doi


@pytest.mark.parametrize(("text", "doi"), [
    ("doi:10.1016/S0140-6736(10)60175-4.", "10.1016/S0140-6736(10)60175-4"),
    ("(see https://doi.org/10.1001/jama.2018.1234)", "10.1001/jama.2018.1234"),
    ("Smith J. Naps. Sleep. 2019;3:1-9. doi: 10.1234/sleep.2019.003;", "10.1234/sleep.2019.003"),
    ("[10.5555/abc[1]def]", "10.5555/abc[1]def"),
    ("no identifier here", None),
])
def test_a_doi_is_cut_from_text_without_the_sentence_around_it(text, doi):
    assert find_doi(text) == doi


def test_is_doi_takes_one_doi_and_nothing_else():
    assert is_doi("10.1016/S0140-6736(10)60175-4")
    assert not is_doi("doi 10.1016/x") and not is_doi("10.12/x")


def test_titles_compare_without_case_accents_or_word_order():
    assert similar("Étude of sleep in older adults", "etude of SLEEP in older adults", 95)
    assert similar("Sleep in older adults: a review", "A review: sleep in older adults", 95)
    assert not similar("Sleep in older adults", "Ketamine for depression", 60)
    assert not similar(None, "Sleep", 0)
