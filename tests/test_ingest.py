"""Readers: block structure and offsets for plain text, Markdown and HTML."""

from __future__ import annotations

from pathlib import Path

from claimcheck import ingest
from claimcheck.ingest import html, markdown, text
from claimcheck.model import BlockKind

from .conftest import CORPUS, PAGES


def blocks(document):
    return [(b.kind.value, document.text[b.start:b.end]) for b in document.blocks]


def test_text_lines_become_headings_labels_items_and_paragraphs():
    page = ("Ketamine for Pain\n\nSide effects include:\n- Nausea\n  • Dizziness\n"
            "Week 1-2: Induction Phase\n1. First we screen. Then we treat.\n\n"
            "Ketamine is an anesthetic. It was approved in 1970.\n")
    assert blocks(text.parse("p.txt", page)) == [
        ("heading", "Ketamine for Pain"),
        ("label", "Side effects include:"),
        ("list-item", "Nausea"),
        ("list-item", "Dizziness"),
        ("label", "Week 1-2: Induction Phase"),
        ("list-item", "First we screen. Then we treat."),
        ("paragraph", "Ketamine is an anesthetic. It was approved in 1970."),
    ]


def test_hard_wrapped_text_joins_into_paragraphs():
    page = ("Ketamine has been studied for depression in several small trials over the\n"
            "past two decades, and results suggest a rapid but short-lived effect in\n"
            "many patients who did not respond to other drugs.\n\nNext paragraph here.\n")
    document = text.parse("p.txt", page)
    assert [b.kind for b in document.blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert document.text[document.blocks[0].start:document.blocks[0].end].endswith("drugs.")


def test_reference_list_without_heading_is_found_with_its_notes():
    document = ingest.read(CORPUS / "ptsd-maladaptations-blog.txt")
    references = [document.text[b.start:b.end] for b in document.blocks
                  if b.kind is BlockKind.REFERENCE]
    assert len(references) == 10
    assert references[0].startswith("American Psychiatric Association. (2013).")
    assert references[1] == "This source provides diagnostic criteria and an overview of PTSD and its symptoms."
    assert not any("Subscribe" in r for r in references)


def test_reference_heading_opens_a_section_until_the_next_heading():
    page = "# Claims\n\nKetamine helps.\n\n## References\n\n1. Smith J. Title. J Med. 2020;1:1.\n\n## More\n\nText here.\n"
    kinds = [(k, t) for k, t in blocks(markdown.parse("p.md", page))]
    assert ("reference", "Smith J. Title. J Med. 2020;1:1.") in kinds
    assert ("paragraph", "Text here.") in kinds


def test_markdown_offsets_point_into_the_source():
    source = (PAGES / "iv-clinic.md").read_text(encoding="utf-8")
    document = markdown.parse("iv-clinic.md", source)
    assert document.text == source
    found = blocks(document)
    assert found[0] == ("heading", "NAD+ IV Therapy: The Anti-Aging Breakthrough")
    assert ("list-item", "Improved energy and focus") in found
    assert not any("title:" in t for _, t in found)  # front matter is not content
    assert document.blocks[0].level == 1


def test_markdown_maps_byte_offsets_to_characters():
    source = "# Café ’naïve’\n\nÉté — ketamine “works”. Second.\n\n- ünïcode item\n"
    document = markdown.parse("u.md", source)
    assert blocks(document) == [("heading", "Café ’naïve’"),
                                ("paragraph", "Été — ketamine “works”. Second."),
                                ("list-item", "ünïcode item")]


def test_markdown_skips_code_and_html_blocks_and_keeps_footnotes_as_references():
    source = "Claim one.[^1]\n\n```\nnot = prose\n```\n\n<!-- note -->\n\n[^1]: Doe J. 2020. A study.\n"
    assert blocks(markdown.parse("f.md", source)) == [
        ("paragraph", "Claim one.[^1]"), ("reference", "Doe J. 2020. A study.")]


def test_html_leaves_out_chrome_and_keeps_offsets_into_extracted_text():
    document = html.parse("s.html", (PAGES / "supplement.html").read_text(encoding="utf-8"))
    found = blocks(document)
    assert found[0] == ("heading", "Turmeric Gold reduces joint pain")
    joined = " ".join(t for _, t in found)
    for chrome in ("track(", "color: red", "Home", "Shop", "All rights reserved"):
        assert chrome not in joined
    assert ("list-item", "Clinically proven formula") in found
    assert "inflammation.¹ In a 2019 trial" in document.text
    link = document.links[0]
    assert document.text[link.start:link.end] == "NF-kB signaling"
    assert link.url == "https://doi.org/10.1000/xyz"


def test_html_hidden_and_aria_hidden_elements_are_skipped():
    page = ('<body><p>Visible claim.</p><p hidden>Hidden claim.</p>'
            '<div aria-hidden="true">Decor</div><div style="display: none">Gone</div>'
            '<div class="cookie-banner">We use cookies</div></body>')
    assert blocks(html.parse("h.html", page)) == [("paragraph", "Visible claim.")]


def test_html_declared_charset_is_honoured(tmp_path: Path):
    page = tmp_path / "latin.html"
    page.write_bytes('<meta charset="iso-8859-1"><p>Café claims.</p>'.encode("latin-1"))
    assert ingest.read(page).text == "Café claims."


def test_utf8_bom_is_accepted(tmp_path: Path):
    page = tmp_path / "bom.txt"
    page.write_bytes("\ufeffKetamine is an anesthetic.".encode("utf-8"))
    assert ingest.read(page).text == "Ketamine is an anesthetic."


def test_directories_are_walked_in_sorted_order_skipping_hidden(tmp_path: Path):
    for name in ("b.md", "a.txt", "sub/c.html", ".hidden/d.txt", "e.rtf", "README.md",
                 "sub/skip.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<p>x</p>" if name.endswith("html") else "x")
    found = [p.relative_to(tmp_path).as_posix()
             for p in ingest.collect([tmp_path], ("README*", "sub/skip.*"))]
    assert found == ["a.txt", "b.md", "sub/c.html"]
    assert list(ingest.collect([tmp_path / "README.md"])) == [tmp_path / "README.md"]
