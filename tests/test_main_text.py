"""Main text of a web page: trafilatura judges what the page's main text is, the HTML reader
keeps its own blocks (numbered items, superscript markers, links, comments) and exact offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.cli import Exit
from claimcheck.detect import references
from claimcheck.ingest import html, main_text
from claimcheck.model import BlockKind

from .conftest import ROOT

SAVED = Path(__file__).parent / "fixtures" / "saved-clinic.html"


def texts(document) -> list[tuple[str, str]]:
    return [(b.kind.value, document.text[b.start:b.end]) for b in document.blocks]


def test_a_saved_clinic_page_keeps_its_main_text_and_nothing_around_it():
    document = html.parse("clinic.html", SAVED.read_text(encoding="utf-8"))
    found = texts(document)
    assert found[0] == ("heading", "Ketamine Therapy for PTSD")  # the title, over the byline
    joined = document.text
    for furniture in ("Call us", "Book now", "Home", "By Dr. Jane Roe", "Related articles",
                      "Spravato versus", "newsletter", "cookies", "All rights reserved"):
        assert furniture not in joined, furniture
    assert ("heading", "What to expect at your first infusion") in found
    assert any("helped hundreds of veterans" in t for _, t in found)
    for block in document.blocks:  # offsets are exact: every block is its own text
        assert document.text[block.start:block.end].strip() == document.text[block.start:block.end]


def test_ordered_list_numbers_tie_the_superscript_markers_to_the_references():
    document = html.parse("clinic.html", SAVED.read_text(encoding="utf-8"))
    assert "1. Kessler RC" in document.text and "3. Feder A, Costi S" in document.text
    entries = references.from_document(document)
    assert [(e.number, e.authors[0].family) for e in entries] == [
        ("1", "Kessler"), ("2", "Feder"), ("3", "Feder")]
    assert "lives.¹ Many" in document.text and "midazolam.³" in document.text


def test_scan_resolves_every_marker_of_the_saved_page(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("scan", "--isolated", "--format", "json", str(SAVED))
    assert result.exit_code == Exit.OK, result.stderr
    statements = json.loads(result.stdout)["documents"][0]["statements"]
    marked = [s for s in statements if s["claim"] and s["attribution"]["type"] == "citation"]
    assert len(marked) == 3
    assert {m["match"] for s in marked for m in s["sources"]} == {"numbered"}
    assert not any("Jane Roe" in s["text"] or "cookie" in s["text"] for s in statements)


def test_ol_start_and_value_attributes_number_the_items():
    page = ("<ol start='4'><li>Fourth item of the list here.</li><li value='9'>Ninth item of "
            "the list here.</li><li>Tenth item of the list here.</li></ol>")
    text = html.parse("l.html", page, main_only=False).text
    assert text.splitlines() == ["4. Fourth item of the list here.", "9. Ninth item of the list "
                                 "here.", "10. Tenth item of the list here."]


def test_a_layout_wrapper_named_after_its_sidebar_still_yields_the_article():
    body = "".join(f"<p>Paragraph {n} says that zinc lozenges shorten colds in adults by a day "
                   f"or two, in trial number {n}.</p>" for n in range(8))
    page = (f"<body class='one-sidebar sidebar-second'><div class='l-sidebar-fixed'>"
            f"<article><h1>Zinc and colds</h1>{body}</article>"
            f"<div class='sidebar'><p>Most popular this week on the site.</p></div></div></body>")
    document = html.parse("w.html", page)
    assert texts(document)[0] == ("heading", "Zinc and colds")
    assert sum(kind == "paragraph" for kind, _ in texts(document)) == 8
    assert "Most popular" not in document.text


def test_a_suppression_comment_in_left_out_furniture_moves_to_the_next_kept_block():
    body = "".join(f"<p>Sentence {n} of the article about magnesium and sleep in older "
                   f"adults.</p>" for n in range(6))
    page = (f"<body><div class='promo'><!-- claimcheck off --><p>Buy now and save.</p></div>"
            f"<article>{body}<!-- claimcheck on --></article></body>")
    document = html.parse("c.html", page)
    assert "Buy now" not in document.text
    (off, raw_off), (on, raw_on) = document.comments
    assert "off" in raw_off and document.text[off:].startswith("Sentence 0")
    assert "on" in raw_on and on == len(document.text)


@pytest.mark.parametrize(("block", "expected"), [
    ("Zinc lozenges shorten colds in adults.", True),
    ("zinc LOZENGES shorten colds", True),  # case and spacing are not the main text's concern
    ("Subscribe to our newsletter for more news.", False),
    ("Zinc", True),
    ("Newsletter", False),
])
def test_a_block_is_held_by_its_words(block, expected):
    main = main_text.MainText.of("Zinc lozenges shorten colds in adults. They are safe.")
    assert main.holds(block) is expected


def test_short_fragments_stand_only_before_what_stands():
    main = main_text.MainText.of("Zinc lozenges shorten colds in adults by two days. Tags")
    decided = main_text.kept(main, [
        (BlockKind.HEADING, "Zinc and colds"),
        (BlockKind.PARAGRAPH, "Zinc lozenges shorten colds in adults by two days."),
        (BlockKind.LIST_ITEM, "Tags"),
    ])
    assert decided == [True, True, False]


def test_the_extraction_benchmark_scores_with_the_benchmarks_metric():
    from .test_benchmarks import load

    extraction = load("extraction")
    perfect = extraction.score(["a b c d e"], ["a b c d e"])
    assert perfect == {"f1": 1.0, "precision": 1.0, "recall": 1.0}
    half = extraction.score(["a b c d e f g h"], ["a b c d e"])  # 2 of its 5 shingles are true
    assert half["recall"] == 1.0 and half["precision"] == pytest.approx(2 / 5)
    assert extraction.score([""], ["a b c d"])["f1"] == 0.0


@pytest.mark.skipif(not (ROOT.parent / "shared" / "datasets" / "article_extraction").is_dir(),
                    reason="the article-extraction benchmark is not on this machine")
def test_extraction_floors_on_the_article_benchmark():
    from .test_benchmarks import load

    extraction = load("extraction")
    data = extraction.pages()
    row = extraction.run("claimcheck", extraction.claimcheck, data)
    assert row["f1"] >= extraction.TARGET_F1 and row["precision"] >= extraction.TARGET_PRECISION
    assert row["failed"] == 0
