"""Word drafts and PDF brochures, made here by python-docx and fpdf2: structure, notes tied to
their markers, reading order, running heads, and locations as paragraphs and pages."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from claimcheck import ingest
from claimcheck.cli import Exit
from claimcheck.ingest import pdf, word

from .test_catalog_integrity import one_line_error

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _footnote_reference(paragraph, note_id: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(note_id))
    run._r.append(reference)


def _footnotes(document, notes: dict[int, str]) -> None:
    """A footnotes part (python-docx writes none itself), related to the main document."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = "".join(f'<w:footnote w:id="{i}"><w:p><w:r><w:t xml:space="preserve">{text}</w:t>'
                   f'</w:r></w:p></w:footnote>' for i, text in notes.items())
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
           f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           f'</w:footnote>{body}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), "application/vnd.openxmlformats-"
                "officedocument.wordprocessingml.footnotes+xml", xml.encode(),
                document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def _hyperlink(paragraph, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run, piece = OxmlElement("w:r"), OxmlElement("w:t")
    piece.text = text
    run.append(piece)
    link.append(run)
    paragraph._p.append(link)


def draft() -> bytes:
    """An editor's draft: a title, a claim with a footnote and a link, a section with a
    numbered list, a bullet and a table, a second footnoted claim."""
    import docx

    document = docx.Document()
    document.add_heading("Ketamine for depression", 0)
    claim = document.add_paragraph("Ketamine relieves depression within hours in most patients.")
    _footnote_reference(claim, 1)
    claim.add_run(" See the ")
    _hyperlink(claim, "FDA label", "https://www.accessdata.fda.gov/label.pdf")
    claim.add_run(" for warnings.")
    document.add_heading("How it works", 1)
    document.add_paragraph("")
    document.add_paragraph("First, an infusion of forty minutes.", style="List Number")
    document.add_paragraph("Second, a rest of one hour.", style="List Number")
    document.add_paragraph("Dissociation is common during the infusion.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Response rate"
    table.cell(0, 1).text = "Our clinic cures 90% of patients."
    relapse = document.add_paragraph("Esketamine cut relapse by half.")
    _footnote_reference(relapse, 2)
    _footnotes(document, {
        1: "Smith J, Doe A. Ketamine trial in depression. J Psychiatry. 2019;12:45-50.",
        2: "Daly EJ, Trivedi MH. Esketamine and relapse. JAMA Psychiatry. 2019;76:893-903."})
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def brochure(pages: int = 2) -> bytes:
    """A clinic brochure: a running header and page numbers, a title, a word hyphenated
    across lines, a two-column section, claims with superscript markers, a numbered
    reference list; `pages` beyond two repeat a paragraph that runs on over the page break."""
    from fpdf import FPDF

    class Brochure(FPDF):
        def header(self):
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, "Harbor Wellness - Patient Guide 2024", align="C")
            self.ln(12)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 10, f"Page {self.page_no()}", align="C")

    document = Brochure(format="A4")
    document.set_auto_page_break(True, margin=20)

    def block(text: str, size: int = 11, bold: bool = False, height: float = 6) -> None:
        document.set_font("Helvetica", "B" if bold else "", size)
        document.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")

    def marked(text: str, marker: str) -> None:
        document.write(6, text)
        document.char_vpos = "SUP"
        document.write(6, marker)
        document.char_vpos = "LINE"

    document.add_page()
    block("Ketamine Therapy for Depression", 20, True, 10)
    block("Ketamine relieves depression within hours in most patients, according to a trial "
          "of infusion treat-\nment in adults.")
    top = document.get_y() + 3
    document.set_xy(10, top)
    document.multi_cell(90, 6, "The left column says that each infusion lasts about forty "
                        "minutes and that a nurse watches your blood pressure the whole time.")
    document.set_xy(110, top)
    document.multi_cell(90, 6, "The right column says that most patients feel relaxed during "
                        "treatment and that side effects fade within two hours.")
    for _ in range(pages - 2):
        document.add_page()
        document.set_x(document.l_margin)
        block(" ".join(["Patients in the programme are asked to keep a diary of their mood,"
                        " their sleep and their side effects every evening"] * 12) + ".")
    document.add_page()
    document.set_x(document.l_margin)
    block("What the studies found", 14, True, 8)
    document.set_font("Helvetica", size=11)
    marked("A later trial found that 67% of participants responded to repeated infusions.",
           "1")
    marked(" The first trial found a rapid effect.", "2")
    document.ln(10)
    block("References", 14, True, 8)
    block("1. Feder A, Costi S. A randomized controlled trial of repeated ketamine "
          "administration for chronic PTSD. Am J Psychiatry. 2021;178(2):193-202.")
    block("2. Feder A, Parides MK. Efficacy of intravenous ketamine for treatment of chronic "
          "PTSD. JAMA Psychiatry. 2014;71(6):681-688.")
    return bytes(document.output())


def scanned() -> bytes:
    """A page that is one image and no text, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image

    document = FPDF()
    document.add_page()
    document.image(Image.new("RGB", (200, 100), "white"), x=10, y=10, w=190)
    return bytes(document.output())


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def scanned_json(cli, *args: str) -> dict:
    result = cli("scan", "--isolated", "--format", "json", *args)
    assert result.exit_code == Exit.OK, result.stderr
    return json.loads(result.stdout)


def test_a_word_draft_keeps_headings_lists_tables_links_and_one_line_per_paragraph():
    document = word.parse("draft.docx", draft())
    lines = document.text.split("\n")
    assert lines[:3] == ["Ketamine for depression", "Ketamine relieves depression within hours "
                         "in most patients.¹ See the FDA label for warnings.", "How it works"]
    assert lines[3] == ""  # an empty paragraph keeps its number
    assert lines[4:6] == ["1. First, an infusion of forty minutes.", "2. Second, a rest of one hour."]
    kinds = {document.text[b.start:b.end]: (b.kind.value, b.level) for b in document.blocks}
    assert kinds["Ketamine for depression"] == ("heading", 1)
    assert kinds["How it works"] == ("heading", 1)
    assert kinds["First, an infusion of forty minutes."] == ("list-item", 0)
    assert kinds["Dissociation is common during the infusion."] == ("list-item", 0)
    assert kinds["Our clinic cures 90% of patients."] == ("list-item", 0)  # a table cell
    link = document.links[0]
    assert (document.text[link.start:link.end], link.url) == (
        "FDA label", "https://www.accessdata.fda.gov/label.pdf")


def test_word_footnotes_are_citations_tied_to_their_markers(cli, folder):
    (folder / "draft.docx").write_bytes(draft())
    statements = scanned_json(cli, "draft.docx")["documents"][0]["statements"]
    by_text = {s["text"]: s for s in statements}
    first = by_text["Ketamine relieves depression within hours in most patients.¹"]
    assert (first["status"], first["sources"][0]["first_author"]) == ("cited", "Smith")
    assert first["location"] == "paragraph 2"
    second = by_text["Esketamine cut relapse by half.²"]
    assert second["sources"][0]["first_author"] == "Daly"
    unmarked = by_text["Our clinic cures 90% of patients."]  # the notes are its bibliography
    assert unmarked["status"] == "bibliography" and unmarked["location"] == "paragraph 9"


def test_check_annotates_a_word_draft_by_paragraph(cli, folder):
    import docx

    document = docx.Document()
    document.add_heading("Our results", 1)
    document.add_paragraph("")
    document.add_paragraph("Our clinic cures 90% of patients with depression.")
    document.save(folder / "results.docx")
    result = cli("check", "--format", "github", "results.docx")
    assert result.exit_code in (Exit.OK, Exit.POLICY), result.stderr  # warnings only
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert any("file=results.docx,line=3," in a for a in annotations), annotations


def test_a_pdf_is_read_in_order_without_running_heads_page_numbers_or_hyphens():
    document = pdf.parse("b.pdf", brochure())
    text = document.text
    assert "Harbor Wellness - Patient Guide" not in text and "Page 1" not in text
    assert "infusion treatment\nin adults." in text  # treat- / ment joined on the first line
    left, right = text.index("The left column"), text.index("The right column")
    assert left < text.index("pressure the whole time.") < right  # column by column
    headings = [(document.text[b.start:b.end], b.level) for b in document.blocks
                if b.kind.value == "heading"]
    assert headings == [("Ketamine Therapy for Depression", 1), ("What the studies found", 2),
                        ("References", 2)]
    assert len(document.pages) == 2 and text[document.pages[1]:].startswith("What the studies")


def test_pdf_markers_resolve_and_locations_name_the_page_and_line(cli, folder):
    (folder / "brochure.pdf").write_bytes(brochure())
    statements = scanned_json(cli, "brochure.pdf")["documents"][0]["statements"]
    cited = [s for s in statements if s["status"] == "cited"]
    assert [(s["text"][-1], s["sources"][0]["year"], s["location"]) for s in cited] == [
        ("¹", "2021", "page 2, line 2"), ("²", "2014", "page 2, line 2")]
    first = next(s for s in statements if s["text"].startswith("Ketamine relieves"))
    assert first["location"] == "page 1, line 2"


def test_a_paragraph_running_over_a_page_break_is_one_block():
    document = pdf.parse("long.pdf", brochure(pages=3))
    diary = [document.text[b.start:b.end] for b in document.blocks
             if document.text[b.start:b.end].startswith("Patients in the programme")]
    assert len(diary) == 1 and diary[0].endswith("every evening.")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("scan.pdf", scanned, "no text layer in 1 page(s): a scanned PDF"),
    ("fake.pdf", lambda: b"not a pdf at all", "not a PDF"),
    ("broken.docx", lambda: b"PK\x03\x04 not really a zip", "not a Word document (.docx)"),
    ("empty.docx", lambda: b"", "empty file: nothing to audit"),
])
def test_unreadable_documents_are_one_line_and_the_rest_is_audited(cli, folder, name, data,
                                                                   message):
    (folder / name).write_bytes(data())
    (folder / "good.docx").write_bytes(draft())
    result = cli("scan", "--isolated", "--format", "json", name, "good.docx")
    one_line_error(result, f"claimcheck: error: {name}: {message}")
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == ["good.docx"]


def test_directories_and_standard_input_take_word_and_pdf(cli, folder):
    from typer.testing import CliRunner

    from claimcheck.cli import app

    (folder / "in").mkdir()
    (folder / "in" / "draft.docx").write_bytes(draft())
    (folder / "in" / "brochure.pdf").write_bytes(brochure())
    (folder / "in" / "~$draft.docx").write_bytes(b"Word's lock file")
    paths = [d["path"] for d in scanned_json(cli, "in")["documents"]]
    assert paths == ["in/brochure.pdf", "in/draft.docx"]
    piped = CliRunner().invoke(app, ["scan", "--isolated", "--format", "json", "-",
                                     "--stdin-filename", "draft.docx"], input=draft())
    assert piped.exit_code == Exit.OK, piped.stderr
    assert json.loads(piped.stdout)["documents"][0]["statements"][0]["location"] == "paragraph 1"


def test_ingest_reads_each_new_format_by_its_suffix(folder):
    (folder / "b.pdf").write_bytes(brochure())
    (folder / "d.docx").write_bytes(draft())
    assert ingest.read(Path("b.pdf")).format == "pdf"
    assert ingest.read(Path("d.docx")).format == "docx"
