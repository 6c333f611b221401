"""PDF via pdfminer.six: the text layer in reading order, page by page, with running heads and
page numbers left out.

pdfminer's layout analysis groups characters into lines and lines into text boxes, and orders
the boxes for reading (a two-column page is read column by column). Each box is a block; a
box whose type is larger than the body's is a heading (the larger, the higher); a line that
starts with a list marker starts a list item. Every line of the page stays a line of the
document text, so "page 3, line 12" is the twelfth line claimcheck reads on page 3. A word
hyphenated across lines ("treat-" / "ment") is joined on the first line. A line in the top or
bottom band of the page that repeats on other pages (digits aside), or that is only a page
number, is a running header or footer and is left out. Digits set smaller and raised are a
citation marker (¹). A paragraph that runs on to the next page is one block. A PDF with no
text layer (a scan) is refused with a hint to run OCR. Pages are read one at a time, so a
long brochure never needs more than its text in memory. pdfminer is imported on the first
PDF only.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from claimcheck.model import Block, BlockKind, Document

from .layout import refine
from .text import LIST_MARKER

BAND = 0.08
"""The top and bottom share of a page where running heads and page numbers sit."""
LEADING = 0.8
"""Lines whose gap is under this share of their height are one box (pdfminer's default, 0.5,
splits paragraphs set at the 1.5 leading brochures use)."""
HEADING_SCALE = 1.15
"""A box whose type is this much larger than the body text is a heading."""
_SUPERSCRIPT = str.maketrans("0123456789,-–", "⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻⁻")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$",
                          re.IGNORECASE)
_MARKER_ONLY = re.compile(r"^[\d,\s]+$")
_HYPHENATED = re.compile(r"(\w)-$")
_CONTINUES = re.compile(r"^[a-z]")
_TERMINAL = re.compile(r"[.!?:][\"'”’)\]]*$")


class PdfError(ValueError):
    """A PDF that cannot be read; `str()` is the one line for the user."""


@dataclass
class _Line:
    text: str
    size: float
    """The line's typical character size (points)."""
    top: float
    """Distance from the top of the page, as a share of its height (0 top, 1 bottom)."""


@dataclass
class _Box:
    lines: list[_Line]

    @property
    def size(self) -> float:
        return max((line.size for line in self.lines), default=0.0)


def parse(path: str, data: bytes) -> Document:
    """The PDF in `data` as text with its block structure and page offsets. Raises PdfError."""
    pages = list(_pages(data))
    if not any(box.lines for page in pages for box in page):
        raise PdfError(f"no text layer in {len(pages)} page(s): a scanned PDF or images only "
                       f"(run OCR first, e.g. ocrmypdf, then audit the result)")
    running = _running(pages)
    body = _body_size(pages)
    sizes = sorted({round(line.size) for page in pages for box in page for line in box.lines
                    if line.size >= body * HEADING_SCALE}, reverse=True)
    levels = {size: min(index + 1, 6) for index, size in enumerate(sizes)}
    builder = _Builder()
    for page in pages:
        builder.page()
        for box in page:
            lines = [line for line in box.lines if not _furniture(line, running)]
            if lines and all(_MARKER_ONLY.match(l.text) and l.size <= 0.8 * body for l in lines):
                builder.marker("".join(l.text for l in lines))  # a marker wrapped off its line
                continue
            for heading, run in groupby(_markers_joined(lines, body),
                                        key=lambda l: l.size >= body * HEADING_SCALE):
                run = list(run)
                builder.box(run, levels.get(round(max(l.size for l in run)), 1) if heading else 0)
    text = "\n".join(builder.lines)
    return Document(path, "pdf", text, refine(text, builder.blocks), pages=tuple(builder.pages))


def _pages(data: bytes):
    """Each page as its text boxes in reading order."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBox
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    if not data.lstrip()[:5] == b"%PDF-":
        raise PdfError("not a PDF (no %PDF- header)")
    try:
        for layout in extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=LEADING)):
            height = layout.height or 1.0
            yield [_Box([_line(line, layout.y1, height) for line in element
                         if line.get_text().strip()])
                   for element in layout if isinstance(element, LTTextBox)]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfError("encrypted PDF: save an unlocked copy to audit it") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise PdfError(f"malformed PDF ({type(exc).__name__}: {exc})") from None


def _line(line, page_top: float, height: float) -> _Line:
    from pdfminer.layout import LTChar

    chars = [c for c in line if isinstance(c, LTChar)]
    sizes = sorted(c.size for c in chars if c.get_text().strip())
    typical = sizes[len(sizes) // 2] if sizes else 0.0
    pieces = []
    for item in line:
        piece = item.get_text()
        if isinstance(item, LTChar) and piece.isdigit() and typical \
                and item.size <= 0.8 * typical and item.y0 > line.y0 + 0.2 * typical:
            piece = piece.translate(_SUPERSCRIPT)  # set small and raised: a marker
        pieces.append(piece)
    text = re.sub(r"\s+", " ", "".join(pieces)).strip()
    return _Line(text, typical, (page_top - line.y1) / height)


def _markers_joined(lines: list[_Line], body: float) -> list[_Line]:
    """Lines of small digits alone (a marker set after the last word, then wrapped onto a
    line of its own) joined to the line before, as superscript."""
    joined: list[_Line] = []
    for line in lines:
        if joined and _MARKER_ONLY.match(line.text) and line.size <= 0.8 * body:
            marker = re.sub(r"\s+", "", line.text).translate(_SUPERSCRIPT)
            joined[-1] = _Line(joined[-1].text + marker, joined[-1].size, joined[-1].top)
        else:
            joined.append(line)
    return joined


def _running(pages: list[list[_Box]]) -> set[str]:
    """Lines in a page's top or bottom band that recur on other pages, digits aside."""
    if len(pages) < 2:
        return set()
    seen: Counter = Counter()
    for page in pages:
        seen.update({_shape(line.text) for box in page for line in box.lines
                     if line.top < BAND or line.top > 1 - BAND})
    return {shape for shape, count in seen.items() if count >= 2}


def _furniture(line: _Line, running: set[str]) -> bool:
    if not (line.top < BAND or line.top > 1 - BAND):
        return False
    return _shape(line.text) in running or bool(_PAGE_NUMBER.match(line.text))


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _body_size(pages: list[list[_Box]]) -> float:
    """The type size most of the text is set in."""
    weights: Counter = Counter()
    for page in pages:
        for box in page:
            for line in box.lines:
                weights[round(line.size, 1)] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


class _Builder:
    """Lines of text and blocks over them; a page begins on a new line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.blocks: list[Block] = []
        self.pages: list[int] = []

    def page(self) -> None:
        self.pages.append(self.size)

    def box(self, lines: list[_Line], level: int) -> None:
        texts = _joined([line.text for line in lines])
        if level:
            start = self.size
            self._add(texts)
            self.blocks.append(Block(BlockKind.HEADING, start, self.size - 1, level))
            return
        for group in _items(texts):
            marker = LIST_MARKER.match(group[0])
            start = self.size + (marker.end() if marker else 0)
            if not marker and self._runs_on(group[0]):
                start = self.blocks.pop().start  # the paragraph goes on from the last page
            self._add(group)
            kind = BlockKind.LIST_ITEM if marker else BlockKind.PARAGRAPH
            self.blocks.append(Block(kind, start, self.size - 1))

    def marker(self, digits: str) -> None:
        """Citation digits set on a line of their own: they belong to the line before."""
        if not self.lines or not self.blocks:
            return
        marker = re.sub(r"\s+", "", digits).translate(_SUPERSCRIPT)
        self.lines[-1] += marker
        self.size += len(marker)
        last = self.blocks[-1]
        self.blocks[-1] = Block(last.kind, last.start, last.end + len(marker), last.level)

    def _runs_on(self, first: str) -> bool:
        """Whether this page's first paragraph continues the last one of the page before."""
        if not self.blocks or not self.pages or self.size != self.pages[-1]:
            return False
        last = self.blocks[-1]
        return last.kind is BlockKind.PARAGRAPH and bool(_CONTINUES.match(first)) \
            and not _TERMINAL.search(self.lines[-1]) if self.lines else False

    def _add(self, lines: list[str]) -> None:
        for line in lines:
            self.lines.append(line)
            self.size += len(line) + 1


def _items(lines: list[str]) -> list[list[str]]:
    """A box's lines split where a line starts a list item."""
    groups: list[list[str]] = []
    for line in lines:
        if not groups or LIST_MARKER.match(line):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _joined(lines: list[str]) -> list[str]:
    """Lines with a word hyphenated across a line break joined on the first line."""
    out = list(lines)
    for index in range(len(out) - 1):
        match = _HYPHENATED.search(out[index])
        following = out[index + 1]
        if match and following[:1].islower():
            head, _, rest = following.partition(" ")
            out[index] = out[index][:-1] + head
            out[index + 1] = rest
    return [line for line in out if line] or [""]
