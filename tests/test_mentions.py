"""Evidence mentions, reported speech, study threads and citations in the wild, through the CLI
(`claimcheck scan -f json`) on pages written for these tests: no sentence here comes from the
bundled or development pages."""

from __future__ import annotations

import json

import pytest


def scan(cli, tmp_path, monkeypatch, text: str, name: str = "page.md") -> dict[str, dict]:
    """Each statement of the scanned page by its text: its attribution type and words."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("scan", "-f", "json", "--isolated", name)
    assert result.exit_code in (0, 1), result.stderr
    document = json.loads(result.stdout)["documents"][0]
    return {s["text"]: s for s in document["statements"]}


def starting(statements: dict[str, dict], prefix: str) -> dict:
    """The one statement whose text begins with `prefix`."""
    return next(s for text, s in statements.items() if text.startswith(prefix))


def attribution(statement: dict) -> tuple[str, str]:
    found = statement["attribution"]
    return found["type"], found.get("text") or ""


MENTIONS = [
    # a work pinned by a year, a publisher or a place
    ("A 2016 study in the Journal of Sleep Medicine found that naps cut stress by 10%.",
     "named", "A 2016 study in the Journal of Sleep Medicine"),
    ("Researchers at Northgate University found that walking halves back pain.",
     "named", "Researchers at Northgate University"),
    ("A review published in the Annals of Dietetics showed that fibre lowers cholesterol.",
     "named", "A review published in the Annals of Dietetics"),
    ("The BRIGHT trial (2019) showed that light therapy lifts mood in winter.",
     "named", "BRIGHT trial (2019)"),
    # a body that speaks or is cited
    ("The World Heart Federation recommends two servings of fish a week.",
     "named", "The World Heart Federation recommends"),
    ("According to the American Society of Sleep, adults need seven hours a night.",
     "named", "According to the American Society of Sleep"),
    ("Market research firm Halden Analytics has forecast that sales of the pill will double.",
     "named", "firm Halden Analytics has forecast"),
    # a titled person opening the sentence: her practice is the source
    ("Dr. Mara Quist uses the gel on burns in her clinic.", "named", "Dr. Mara Quist"),
    # vague appeals
    ("Studies show that zinc shortens a cold by two days.", "vague", "Studies show"),
    ("Many studies have found that green tea speeds weight loss.", "vague", "Many studies"),
    ("Research suggests that magnesium improves sleep quality.", "vague", "Research suggests"),
]


@pytest.mark.parametrize(("sentence", "kind", "words"), MENTIONS)
def test_evidence_mention_shapes(cli, tmp_path, monkeypatch, sentence, kind, words):
    found = attribution(scan(cli, tmp_path, monkeypatch, sentence + "\n")[sentence])
    assert found[0] == kind
    assert words in found[1] or found[1] in words, found


def test_a_state_is_not_a_work(cli, tmp_path, monkeypatch):
    sentence = "The new capsule is under review and reduces joint pain in a week."
    assert attribution(scan(cli, tmp_path, monkeypatch, sentence + "\n")[sentence])[0] == "none"


def test_reported_speech_of_a_named_expert(cli, tmp_path, monkeypatch):
    page = ("“The drops work within minutes,” said Jane Doe, a professor of optometry at "
            "Eastfield University.\n\n"
            "Tom Reyes, chief scientist at Orbis Labs, said the results were consistent.\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    kinds = {text[:20]: attribution(s) for text, s in statements.items()}
    assert kinds["“The drops work with"][0] == "named"
    assert "Jane Doe" in kinds["“The drops work with"][1]
    assert kinds["Tom Reyes, chief sci"][0] == "named"


def test_reported_speech_of_the_publishers_own_officer_is_self(cli, tmp_path, monkeypatch):
    page = ("# Acme Health launches a sleep patch\n\n"
            "“Our patch doubles deep sleep,” said John Roe, chief executive officer of Acme "
            "Health.\n\n"
            "## About Acme Health\n\n"
            "Acme Health makes wearable sleep aids.\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    quoted = starting(statements, "“Our patch")
    assert attribution(quoted)[0] == "self"


def test_a_study_thread_runs_across_three_paragraphs_and_stops_at_a_heading(
        cli, tmp_path, monkeypatch):
    page = ("# Knee pain\n\n"
            "A 2019 trial at Westbrook Hospital enrolled 300 adults with knee pain.\n\n"
            "The trial found that pain fell by a third within six weeks.\n\n"
            "Participants also slept longer and needed fewer painkillers.\n\n"
            "## Our clinic\n\n"
            "Ice baths reduce swelling after a run.\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    first = statements["A 2019 trial at Westbrook Hospital enrolled 300 adults with knee pain."]
    assert attribution(first)[0] == "named"
    for text in ("The trial found that pain fell by a third within six weeks.",
                 "Participants also slept longer and needed fewer painkillers."):
        assert attribution(statements[text]) == attribution(first), text
    assert attribution(statements["Ice baths reduce swelling after a run."])[0] == "none"


def test_the_thread_never_reaches_backwards(cli, tmp_path, monkeypatch):
    page = ("Ice baths reduce swelling after a run.\n\n"
            "A 2019 trial at Westbrook Hospital found that they cut soreness by half.\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    assert attribution(statements["Ice baths reduce swelling after a run."])[0] == "none"


def test_a_named_expert_is_the_source_of_the_next_he_or_she(cli, tmp_path, monkeypatch):
    page = ("Professor Lena Ortiz of Halden University studies sleep in shift workers.\n\n"
            "She said that a short nap restores alertness for three hours.\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    said = attribution(statements["She said that a short nap restores alertness for three hours."])
    assert said[0] == "named" and "Lena Ortiz" in said[1]


CITATIONS = [
    "Fish oil lowers triglycerides (PubMed 12345678).",
    "Fish oil lowers triglycerides (PMID: 18703857).",
    "Fish oil lowers triglycerides https://pubmed.ncbi.nlm.nih.gov/18703857/",
    "Fish oil lowers triglycerides (https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3456789/).",
    "Fish oil lowers triglycerides (doi:10.1000/xyz123).",
    "Fish oil lowers triglycerides (Lindqvist et al., 2014).",
    "Fish oil lowers triglycerides, as Lindqvist et al. 2014 reported.",
]


@pytest.mark.parametrize("sentence", CITATIONS)
def test_citation_forms_in_a_sentence(cli, tmp_path, monkeypatch, sentence):
    statements = scan(cli, tmp_path, monkeypatch, sentence + "\n")
    statement = starting(statements, "Fish oil")
    assert attribution(statement)[0] == "citation", statement


def test_a_trailing_source_line_belongs_to_the_sentence_above(cli, tmp_path, monkeypatch):
    page = ("Fish oil lowers triglycerides in adults.\n"
            "2014 “Nutrients” https://pubmed.ncbi.nlm.nih.gov/24567890/\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    statement = starting(statements, "Fish oil")
    assert attribution(statement)[0] == "citation"


def test_numbered_markers_and_superscripts_key_the_pages_reference_list(
        cli, tmp_path, monkeypatch):
    page = ("Fish oil lowers triglycerides [1].\n\n"
            "Probiotics ease bloating.2\n\n"
            "## References\n\n"
            "1. Lindqvist A, Berg P. Fish oil and lipids. J Lipid Res. 2014;55:100-110.\n"
            "2. Moreau C. Probiotics and bloating. Gut Health. 2018;3:12-19.\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    for start in ("Fish oil", "Probiotics"):
        statement = starting(statements, start)
        assert attribution(statement)[0] == "citation", statement


def test_a_first_author_keying_a_reference_on_the_page(cli, tmp_path, monkeypatch):
    page = ("Moreau (2018) showed that probiotics ease bloating.\n\n"
            "## Sources\n\n"
            "- Moreau C. Probiotics and bloating. Gut Health. 2018;3:12-19.\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    statement = statements["Moreau (2018) showed that probiotics ease bloating."]
    assert attribution(statement) == ("citation", "Moreau (2018)")
    assert statement["status"] == "cited", statement


@pytest.mark.parametrize(("sentence", "surname"), [
    ("Moreau and colleagues showed that probiotics ease bloating.", "Moreau"),
    ("Moreau et al. found that probiotics ease bloating.", "Moreau"),
    ("A trial by Dr. Claire Moreau found that probiotics ease bloating.", "Moreau"),
    ("Moreau's team reported that probiotics ease bloating.", "Moreau"),
])
def test_a_first_author_without_a_year_keys_the_pages_reference(cli, tmp_path, monkeypatch,
                                                                 sentence, surname):
    page = (f"{sentence}\n\nLarsen and colleagues showed that kefir does too.\n\n## Sources\n\n"
            "1. Moreau C, Vidal P. Probiotics and bloating. Gut Health. 2018;3:12-19.\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    statement = statements[sentence]
    assert attribution(statement) == ("citation", surname)
    assert statement["status"] == "cited", statement
    assert [s["match"] for s in statement["sources"]] == ["author"]
    # a surname the page lists no work by keys nothing
    other = statements["Larsen and colleagues showed that kefir does too."]
    assert attribution(other)[0] != "citation"


def test_a_vague_pointer_beats_the_reference_list(cli, tmp_path, monkeypatch):
    page = ("Studies show fish oil is completely safe with no side effects.\n\n"
            "## References\n\n"
            "1. Lindqvist A, Berg P. Fish oil and lipids. J Lipid Res. 2014;55:100-110.\n")
    statements = scan(cli, tmp_path, monkeypatch, page)
    statement = statements["Studies show fish oil is completely safe with no side effects."]
    assert attribution(statement)[0] == "vague"
    assert statement["status"] == "vague"


def test_a_flattened_marker_without_a_reference_list_points_nowhere(cli, tmp_path, monkeypatch):
    statements = scan(cli, tmp_path, monkeypatch, "Probiotics ease bloating.2\n")
    statement = starting(statements, "Probiotics")
    assert attribution(statement)[0] == "none"


@pytest.mark.parametrize(("sentence", "kind", "words"), [
    ("A small study in Pediatrics found that naps cut tantrums.", "named",
     "A small study in Pediatrics"),
    ("A small study in Norway found that naps cut tantrums.", "vague", "A small study"),
    ("A small study in sleep labs found that naps cut tantrums.", "vague", "A small study"),
])
def test_a_journal_from_the_shipped_gazetteer_pins_a_study(cli, tmp_path, monkeypatch,
                                                           sentence, kind, words):
    assert attribution(scan(cli, tmp_path, monkeypatch, sentence + "\n")[sentence]) == (kind, words)


def test_the_gazetteer_knows_titles_and_abbreviations_and_says_where_it_came_from():
    import gzip
    from importlib import resources

    from claimcheck.detect import journals

    known = journals.names()
    assert {"pediatrics", "am j psychiatry", "journal of clinical psychiatry"} <= known
    assert "may" not in known and "in" not in known
    head = gzip.decompress((resources.files("claimcheck.data") / "journals.txt.gz")
                           .read_bytes()).decode("utf-8").splitlines()[:3]
    assert any("JabRef/abbrv.jabref.org" in line and "CC0" in line for line in head)
    assert journals.find("published in the Am J Psychiatry last year") is not None
    assert journals.find("a study in pediatrics wards") is None
