"""Attribution (TAXONOMY §4): every citation form, every type, both scope rules."""

from __future__ import annotations

import pytest

from claimcheck import config, pipeline
from claimcheck.detect.attribution import attribute
from claimcheck.detect.segment import segment
from claimcheck.ingest import html, markdown, text


def attributions(page: str, parse=text.parse):
    document = parse("p", page)
    statements = list(segment(document))
    return {s.text: a for s, a in zip(statements, attribute(document, statements))}


def one(sentence: str, parse=text.parse):
    return next(iter(attributions(sentence, parse).values()))


@pytest.mark.parametrize(("sentence", "words", "pointers"), [
    ("Semaglutide cut weight by 15% (Wilding et al., 2021).", "(Wilding et al., 2021)",
     [("author-year", "wilding", "2021")]),
    ("Wilding et al. (2021) found a 15% loss.", "Wilding et al. (2021)", [("author-year", "wilding", "2021")]),
    ("Both agree (Lee 2014; Cho & Park 2017).", "(Lee 2014; Cho & Park 2017)",
     [("author-year", "lee", "2014"), ("author-year", "cho", "2017")]),
    ("PTSD is defined by four symptom clusters (APA, 2013).", "(APA, 2013)", [("author-year", "apa", "2013")]),
    ("Relapse fell by half [3].", "[3]", [("numbered", "3")]),
    ("Relapse fell by half [1-3].", "[1-3]", [("numbered", "1"), ("numbered", "2"), ("numbered", "3")]),
    ("Relapse fell by half [2, 5].", "[2, 5]", [("numbered", "2"), ("numbered", "5")]),
    ("Relapse fell by half.²", "²", [("numbered", "2")]),
    ("Relapse fell by half.[^4]", "[^4]", [("footnote", "4")]),
    ("See doi:10.1001/jamapsychiatry.2014.62 for the trial.", "doi:10.1001/jamapsychiatry.2014.62",
     [("doi", "10.1001/jamapsychiatry.2014.62")]),
    ("The trial (PMID: 24740528) was small.", "PMID: 24740528", [("pmid", "24740528")]),
    ("Read it at https://pubmed.ncbi.nlm.nih.gov/24740528/ today.", "https://pubmed.ncbi.nlm.nih.gov/24740528/",
     [("url", "https://pubmed.ncbi.nlm.nih.gov/24740528/")]),
])
def test_citation_forms(sentence, words, pointers):
    found = one(sentence)
    assert found.type == "citation"
    assert found.text == words
    assert [(p.kind, p.value, p.year) for p in found.pointers] == [
        pointer if len(pointer) == 3 else (*pointer, None) for pointer in pointers]


def test_citation_span_points_into_the_document():
    page = "Intro line here.\n\nRelapse fell by half (Lee et al., 2019). Next.\n"
    document = text.parse("p", page)
    statements = list(segment(document))
    found = attribute(document, statements)[1]
    assert page[found.start:found.end] == "(Lee et al., 2019)"


def test_html_sup_and_scholarly_links_are_citations():
    page = ('<p>Curcumin reduces pain.<sup>1,3</sup></p>'
            '<p>It blocks <a href="https://doi.org/10.1000/xyz">NF-kB</a> signalling.</p>')
    found = attributions(page, html.parse)
    assert [(p.kind, p.value) for p in found["Curcumin reduces pain.¹˒³"].pointers] == [
        ("numbered", "1"), ("numbered", "3")]
    linked = found["It blocks NF-kB signalling."]
    assert (linked.type, linked.text, linked.pointers[0].value) == ("citation", "NF-kB", "10.1000/xyz")


def test_markdown_footnote_marker():
    found = attributions("Relapse fell by half.[^2]\n\n[^2]: Lee K. 2019. A trial.\n", markdown.parse)
    assert found["Relapse fell by half.[^2]"].pointers[0].value == "2"


def test_full_reference_written_into_a_sentence_is_a_citation():
    sentence = ("Cravings fell by a third (Smith AB, Jones C. Semaglutide and craving. "
                "Addiction. 2020;12(3):45-56).")
    found = one(sentence)
    assert found.type == "citation"
    assert found.text == "Smith AB, Jones C. Semaglutide and craving. Addiction. 2020;12(3):45-56"
    assert found.pointers[0].kind == "inline"


@pytest.mark.parametrize(("sentence", "words"), [
    ("Yale University Study (2021)", "Yale University Study (2021)"),
    ("A meta-analysis published in JAMA Psychiatry in 2018 reviewed 18 studies.",
     "A meta-analysis published in JAMA Psychiatry in 2018"),
    ("Researchers at Stanford found that it works.", "Researchers at Stanford"),
    ("According to the Journal of Clinical Psychiatry, it works.", "According to the Journal of Clinical Psychiatry"),
    ("In a 2019 trial, 68% of participants improved.", "a 2019 trial"),
    ("Journal of Clinical Psychiatry (2023)", "Journal of Clinical Psychiatry (2023)"),
    ("A study from Johns Hopkins showed remission in 60% of patients.",
     "A study from Johns Hopkins"),
    ("Harvard Health reports that magnetic stimulation lifts mood.",
     "Harvard Health reports that"),
    ("The American Heart Association recommends that adults walk daily.",
     "The American Heart Association recommends that"),
])
def test_named_sources(sentence, words):
    found = one(sentence)
    assert (found.type, found.text) == ("named", words)


@pytest.mark.parametrize(("sentence", "words"), [
    ("Studies show that it works.", "Studies show"),
    ("Research has found that it helps.", "Research has found"),
    ("Research over the past two decades demonstrates a rapid effect.",
     "Research over the past two decades demonstrates"),
    ("Our scientifically-proven protocol works.", "scientifically-proven"),
    ("There is clinical evidence that it works.", "clinical evidence"),
    ("Semaglutide has been shown to reduce cravings.", "has been shown to"),
    ("Scientists believe oxygen therapy may slow ageing.", "Scientists believe"),
    ("Most experts agree that red light heals skin.", "Most experts agree"),
    ("Clinically studied ingredients support joint health.", "Clinically studied"),
    ("The #1 brand recommended by physicians for joint pain.", "recommended by physicians"),
])
def test_vague_appeals(sentence, words):
    found = one(sentence)
    assert (found.type, found.text) == ("vague", words)


@pytest.mark.parametrize(("sentence", "words"), [
    ("At Renew Clinic, we've observed lasting relief.", "At Renew Clinic, we've observed"),
    ("Our patients report more energy within days.", "Our patients report"),
    ("Dr. Patel has helped thousands of patients lose weight.", "Dr. Patel has helped thousands of patients"),
])
def test_self_reported(sentence, words):
    found = one(sentence)
    assert (found.type, found.text) == ("self", words)


def test_no_attribution():
    assert one("Semaglutide reduces appetite.").type == "none"


def test_heading_attribution_covers_the_items_under_it_until_the_next_heading():
    page = """Evidence

Stanford University Study (2020)
- 60% lost weight
- Effects within a week
Mayo Clinic (2019)
- Better sleep
Our Services
- Weekly injections
"""
    found = attributions(page)
    for item in ("60% lost weight", "Effects within a week"):
        assert (found[item].type, found[item].text, found[item].inherited) == (
            "named", "Stanford University Study (2020)", "heading")
    assert found["Better sleep"].text == "Mayo Clinic (2019)"
    assert found["Weekly injections"].type == "none"


def test_markdown_heading_scope_follows_levels():
    page = "## Stanford University Study (2020)\n\n- Lost weight\n\n### Details\n\n- Within a week\n\n## Other\n\n- Unrelated\n"
    found = attributions(page, markdown.parse)
    assert found["Lost weight"].type == "named"
    assert found["Within a week"].type == "named"  # a deeper heading does not end the scope
    assert found["Unrelated"].type == "none"


def test_label_with_self_attribution_covers_its_items():
    page = "At Renew Clinic, we've observed:\n- 80% report less pain\n- Better mobility\n\nNew paragraph text here.\n"
    found = attributions(page)
    assert found["80% report less pain"].type == "self"
    assert found["Better mobility"].type == "self"


def test_a_sentence_referring_back_inherits_the_attribution_before_it():
    page = ("A study published in The Lancet in 2020 found lower relapse. "
            "The analysis also found fewer side effects. Patients like it.\n\n"
            "These side effects are mild.\n")
    found = attributions(page)
    assert found["The analysis also found fewer side effects."].inherited == "previous"
    assert found["The analysis also found fewer side effects."].type == "named"
    assert found["Patients like it."].type == "none"
    assert found["These side effects are mild."].type == "none"  # another paragraph


def test_scan_json_carries_attribution_spans(cli, tmp_path, monkeypatch):
    import json

    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("Relapse fell by half (Lee et al., 2019).\n")
    data = json.loads(cli("scan", "-f", "json", "--isolated", "p.md").stdout)
    statement = data["documents"][0]["statements"][0]
    assert statement["attribution"] == {"type": "citation", "text": "(Lee et al., 2019)",
                                        "start": 21, "end": 39}
    assert statement["status"] == "cited"


def test_pipeline_keeps_inherited_attribution_on_analyses():
    result = pipeline.analyse(text.parse("p", "Yale University Study (2021)\n- 85% improved\n"),
                              config.DEFAULT)
    assert result.analyses[1].attribution.inherited == "heading"


def test_a_signed_testimonial_is_self_reported_in_every_sentence_of_its_quotation():
    page = ("Patients love us.\n\n"
            "\u201cThis treatment changed my life. I can finally sleep through the night.\u201d "
            "\u2014 Sarah M.\n\n"
            "\"I was back on the court in three weeks!\" - John, 58\n\n"
            "Injections relieve pain.\n")
    found = attributions(page, markdown.parse)
    opening = found["\u201cThis treatment changed my life."]
    signed = found["I can finally sleep through the night.\u201d \u2014 Sarah M."]
    assert signed.type == "self" and signed.text == "\u2014 Sarah M"
    assert (opening.type, opening.inherited, opening.text) == ("self", "quotation", signed.text)
    assert found["\"I was back on the court in three weeks!\" - John, 58"].type == "self"
    assert found["Injections relieve pain."].type == "none"  # a testimonial scopes nothing
    assert found["Patients love us."].type == "none"


def test_the_publishers_customers_as_evidence_are_self_reported():
    found = one("Thousands of customers have transformed their lives.")
    assert (found.type, found.text) == ("self", "Thousands of customers")


def test_a_testimonial_may_open_with_stars():
    found = attributions("\u2b50\u2b50\u2b50\u2b50\u2b50 \"Best supplement ever. My memory is "
                         "sharper.\" \u2014 Verified Buyer\n", markdown.parse)
    assert [a.type for a in found.values()] == ["self", "self"]


def test_raw_html_superscripts_in_markdown_are_numbered_citations():
    found = attributions("It is an essential nutrient.<sup>1</sup> DHA is 40% of brain fat."
                         "<sup>2,3</sup>\n", markdown.parse)
    assert [(a.type, [p.value for p in a.pointers]) for a in found.values()] == [
        ("citation", ["1"]), ("citation", ["2", "3"])]


def test_a_quotation_without_a_signature_is_not_a_testimonial():
    found = attributions("\u201cFear is the mind-killer,\u201d the novel says. Rest helps recovery.\n")
    assert all(a.type == "none" for a in found.values())
