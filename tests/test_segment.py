"""Statements: every sentence and fragment, with offsets that slice the text exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.detect.segment import segment
from claimcheck.ingest import html, markdown, text


def sentences(page: str) -> list[str]:
    return [s.text for s in segment(text.parse("p.txt", page))]


def test_abbreviations_do_not_end_sentences():
    page = ("Feder et al. (2014) found an effect. Dr. Smith agrees, e.g. in the U.S. and "
            "i.e. nowhere else. Ketamine vs. placebo, No. 5 on the list. J. H. Krystal wrote it.")
    assert sentences(page) == [
        "Feder et al. (2014) found an effect.",
        "Dr. Smith agrees, e.g. in the U.S. and i.e. nowhere else.",
        "Ketamine vs. placebo, No. 5 on the list.",
        "J. H. Krystal wrote it.",
    ]


def test_decimals_percentages_and_ranges_stay_whole():
    page = "Response was 2.5 times higher. About 70-80% improved in 6-8 sessions. Doses of 0.5 mg/kg were used."
    assert sentences(page) == ["Response was 2.5 times higher.",
                               "About 70-80% improved in 6-8 sessions.",
                               "Doses of 0.5 mg/kg were used."]


def test_citations_stay_with_their_sentence():
    page = "It works (Feder et al., 2014). It is fast.[3] It lasts.¹ It is cheap [1-3]. Next one."
    assert sentences(page) == ["It works (Feder et al., 2014).", "It is fast.[3]", "It lasts.¹",
                               "It is cheap [1-3].", "Next one."]


def test_list_markers_are_left_out_and_items_stand_alone():
    page = "Benefits:\n- Rapid relief. Lasting effects\n• Fewer side effects\n2. Better sleep\n"
    assert sentences(page) == ["Benefits:", "Rapid relief.", "Lasting effects",
                               "Fewer side effects", "Better sleep"]


def test_sentences_may_open_with_a_rank_or_a_price():
    assert sentences("Doctor formulated. #1 recommended by physicians. $99 a month. Try it.") \
        == ["Doctor formulated.", "#1 recommended by physicians.", "$99 a month.", "Try it."]


def test_questions_and_exclamations_split():
    assert sentences("Does it work? Yes! It does.") == ["Does it work?", "Yes!", "It does."]


def test_lines_are_one_based_and_offsets_exact():
    page = "Title\n\nFirst sentence. Second sentence.\n- item\n"
    document = text.parse("p.txt", page)
    found = [(s.text, s.line, page[s.start:s.end]) for s in segment(document)]
    assert found == [("Title", 1, "Title"), ("First sentence.", 3, "First sentence."),
                     ("Second sentence.", 3, "Second sentence."), ("item", 4, "item")]


words = st.sampled_from(["Ketamine", "works", "e.g.", "Dr.", "3.5", "70-80%", "(Feder et al., 2014)",
                         "safe.", "really?", "Yes!", "[3]", "“quoted”", "café", "-", "•", "1.",
                         "Sentence.", "U.S.", "\n", "\n\n", "  ", "\t", "No."])


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=60).map(" ".join))
def test_offsets_always_slice_the_text_in_order(page):
    for parse in (text.parse, markdown.parse):
        document = parse("p", page)
        last_end = 0
        for s in segment(document):
            assert document.text[s.start:s.end] == s.text
            assert s.text == s.text.strip() and s.text
            assert s.start >= last_end
            last_end = s.end


@settings(max_examples=100, deadline=None)
@given(st.lists(words, max_size=40).map(" ".join))
def test_html_offsets_slice_the_extracted_text(body):
    from html import escape

    document = html.parse("p.html", f"<p>{escape(body)}</p><ul><li>{escape(body)}</li></ul>")
    for s in segment(document):
        assert document.text[s.start:s.end] == s.text
