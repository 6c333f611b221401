"""Word documents (.docx) via python-docx: paragraphs with their styles, tables, footnotes and
endnotes, hyperlinks.

The document text has one line per paragraph, in reading order (body paragraphs and the
paragraphs of table cells, empty ones too), so a statement's line is the number of its
paragraph. A heading style (Title, Heading 1-9, or a style based on one) makes a heading; a
paragraph in a numbered list starts with its number ("3. "), as Word shows it, and a bulleted
one is a list item. A footnote or endnote reference becomes a superscript marker (¹, ², ...:
footnotes first, then endnotes, numbered in the order they are referenced) and the notes
follow the body under a "Notes" heading, each on its own line after its number, so a claim's
marker resolves to its note as to any numbered reference list. A run set in superscript that
holds only numbers is a marker too. python-docx is imported on the first Word document only.
"""

from __future__ import annotations

import gc
import io
import re
import zipfile
from dataclasses import dataclass, field

from claimcheck.model import Block, BlockKind, Document, Link

from .layout import refine

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SUPERSCRIPT = str.maketrans("0123456789,-–", "⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻⁻")
_MARKER = re.compile(r"^[\d,\s\-–]+$")
_HEADING_STYLE = re.compile(r"^(?:heading\s*([1-9])|title)$", re.IGNORECASE)
_UNNUMBERED = frozenset({"bullet", "none", ""})


class DocxError(ValueError):
    """A file that is no readable Word document; `str()` is the one line for the user."""


def parse(path: str, data: bytes) -> Document:
    """The Word document in `data`, as text with its block structure. Raises DocxError."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, XMLSyntaxError, ValueError):
        raise DocxError("not a Word document (.docx): the file is not an Office Open XML "
                        "package with a word/document.xml (a .doc from Word 97-2003 must be "
                        "saved as .docx)") from None
    builder = _Builder(word)
    builder.body(word.element.body)
    builder.notes()
    text = "\n".join(builder.lines)
    document = Document(path, "docx", text, refine(text, builder.blocks), tuple(builder.links))
    del word, builder
    gc.collect(1)  # python-docx's parts refer to each other: free them while they are young,
    return document  # or a thousand drafts pile up in the oldest generation (0.14 MB each)


@dataclass
class _Builder:
    word: object
    lines: list[str] = field(default_factory=list)
    size: int = 0
    """Characters of text so far, each line's newline included."""
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    counters: dict[str, list[int]] = field(default_factory=dict)
    """Per numbered list (numId): the current number at each level."""
    markers: dict[tuple[str, str], int] = field(default_factory=dict)
    """(footnote or endnote, its id) -> the marker number it was given, in order of reference."""

    def body(self, container) -> None:
        for child in container.iterchildren():
            if child.tag == f"{_W}p":
                self.paragraph(child)
            elif child.tag == f"{_W}tbl":
                for cell in child.iter(f"{_W}tc"):
                    for paragraph in cell.iterchildren(f"{_W}p"):
                        self.paragraph(paragraph, BlockKind.LIST_ITEM)
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.body(content)

    def paragraph(self, element, kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        style = self._style(element)
        level = _heading_level(style)
        number = self._number(element, style)
        prefix = f"{number}. " if number is not None else ""
        if level:
            kind, prefix = BlockKind.HEADING, ""
        elif number is not None or (kind is BlockKind.PARAGRAPH and self._listed(element, style)):
            kind = BlockKind.LIST_ITEM
        self._line(prefix, self._runs(element, len(prefix)), kind, level)

    def notes(self) -> None:
        """Every referenced footnote and endnote, under a Notes heading, by marker number."""
        if not self.markers:
            return
        found = {**_notes(self.word, "footnotes"), **_notes(self.word, "endnotes")}
        self._line("", ([], "Notes"), BlockKind.HEADING, 2)
        for (kind, note_id), number in sorted(self.markers.items(), key=lambda item: item[1]):
            paragraphs = found.get((kind, note_id), [])
            pieces, links = [], []
            for element in paragraphs:
                offset = len(f"{number}. ") + sum(len(p) + 1 for p in pieces)
                element_links, text = self._runs(element, offset)
                if text:
                    pieces.append(text)
                    links.extend(element_links)
            self._line(f"{number}. ", (links, " ".join(pieces)), BlockKind.LIST_ITEM, 0)

    def _line(self, prefix: str, runs: tuple[list[Link], str], kind: BlockKind,
              level: int) -> None:
        links, text = runs
        start = self.size + len(prefix)
        if text:
            self.blocks.append(Block(kind, start, start + len(text), level))
            self.links.extend(Link(start + l.start - len(prefix), start + l.end - len(prefix),
                                   l.url) for l in links)
            line = prefix + text
        else:
            line = ""
        self.lines.append(line)
        self.size += len(line) + 1

    def _runs(self, element, offset: int) -> tuple[list[Link], str]:
        """A paragraph's text (spaces collapsed) and its hyperlinks, offsets counted from
        `offset` (where the text will start on its line)."""
        pieces: list[str] = []
        links: list[tuple[int, int, str]] = []

        def add(text: str) -> None:
            if text:
                pieces.append(text)

        def walk(node) -> None:
            for child in node.iterchildren():
                tag = child.tag
                if tag == f"{_W}r":
                    run(child)
                elif tag == f"{_W}hyperlink":
                    begin = len("".join(pieces))
                    walk(child)
                    url = self._target(child.get(_R_ID))
                    if url:
                        links.append((begin, len("".join(pieces)), url))
                elif tag in (f"{_W}ins", f"{_W}smartTag", f"{_W}sdt", f"{_W}sdtContent",
                             f"{_W}fldSimple", f"{_W}customXml"):
                    walk(child)

        def run(node) -> None:
            superscript = node.find(f"{_W}rPr/{_W}vertAlign")
            raised = superscript is not None and superscript.get(f"{_W}val") == "superscript"
            for child in node.iterchildren():
                tag = child.tag
                if tag == f"{_W}t":
                    text = child.text or ""
                    add(text.strip().translate(_SUPERSCRIPT)
                        if raised and _MARKER.match(text) else text)
                elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
                    add(" ")
                elif tag == f"{_W}noBreakHyphen":
                    add("-")
                elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                    note = "footnotes" if tag == f"{_W}footnoteReference" else "endnotes"
                    key = (note, child.get(f"{_W}id") or "")
                    number = self.markers.setdefault(key, len(self.markers) + 1)
                    add(str(number).translate(_SUPERSCRIPT))

        walk(element)
        return _collapse("".join(pieces), links, offset)

    def _target(self, relationship: str | None) -> str | None:
        rels = self.word.part.rels
        if relationship and relationship in rels and rels[relationship].is_external:
            return rels[relationship].target_ref
        return None

    def _style(self, element):
        style_id = element.find(f"{_W}pPr/{_W}pStyle")
        key = style_id.get(f"{_W}val") if style_id is not None else None
        styles = self.word.styles
        try:
            return styles.element.get_by_id(key) if key else styles.element.default_for(1)
        except (KeyError, ValueError):
            return None

    def _listed(self, element, style) -> bool:
        return _numbering(element, style) is not None or (
            style is not None and "list" in (style.name_val or "").lower())

    def _number(self, element, style) -> int | None:
        """The number Word shows before a paragraph of a numbered list, else None."""
        found = _numbering(element, style)
        if found is None:
            return None
        num_id, ilvl = found
        fmt, start = self._level_format(num_id, ilvl)
        if fmt in _UNNUMBERED:
            return None
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(0)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        del counts[ilvl + 1:]  # a shallower item restarts the deeper levels
        return counts[ilvl]

    def _level_format(self, num_id: str, ilvl: int) -> tuple[str, int]:
        try:
            numbering = self.word.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return "", 1
        num = next((n for n in numbering.iterchildren(f"{_W}num")
                    if n.get(f"{_W}numId") == num_id), None)
        abstract_id = num.find(f"{_W}abstractNumId") if num is not None else None
        if abstract_id is None:
            return "", 1
        abstract = next((a for a in numbering.iterchildren(f"{_W}abstractNum")
                         if a.get(f"{_W}abstractNumId") == abstract_id.get(f"{_W}val")), None)
        level = next((lvl for lvl in (abstract.iterchildren(f"{_W}lvl") if abstract is not None
                                      else ()) if lvl.get(f"{_W}ilvl") == str(ilvl)), None)
        if level is None:
            return "", 1
        fmt = level.find(f"{_W}numFmt")
        start = level.find(f"{_W}start")
        return ((fmt.get(f"{_W}val") or "") if fmt is not None else "decimal",
                int(start.get(f"{_W}val") or 1) if start is not None else 1)


def _numbering(element, style) -> tuple[str, int] | None:
    """(numId, level) of the list a paragraph is in: its own, else its style's (or the
    style's base style's)."""
    for props in _properties(element, style):
        num_pr = props.find(f"{_W}numPr")
        if num_pr is None:
            continue
        num_id, ilvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        if num_id is None:
            continue
        value = num_id.get(f"{_W}val") or ""
        return (None if value == "0" else  # numId 0: numbering taken away
                (value, int(ilvl.get(f"{_W}val") or 0) if ilvl is not None else 0))
    return None


def _properties(element, style):
    own = element.find(f"{_W}pPr")
    if own is not None:
        yield own
    seen = 0
    while style is not None and seen < 10:
        props = style.find(f"{_W}pPr")
        if props is not None:
            yield props
        style, seen = style.base_style, seen + 1


def _heading_level(style) -> int:
    seen = 0
    while style is not None and seen < 10:
        match = _HEADING_STYLE.match((style.name_val or "").strip())
        if match:
            return int(match.group(1) or 1)
        style, seen = style.base_style, seen + 1
    return 0


def _notes(word, kind: str) -> dict[tuple[str, str], list]:
    """The paragraphs of each footnote or endnote, by (kind, id)."""
    from lxml import etree

    relation = {"footnotes": "/footnotes", "endnotes": "/endnotes"}[kind]
    for rel in word.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(relation):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except etree.XMLSyntaxError:
            return {}
        note = kind[:-1]  # footnote / endnote
        return {(kind, n.get(f"{_W}id") or ""): list(n.iter(f"{_W}p"))
                for n in root.iterchildren(f"{_W}{note}")}
    return {}


def _collapse(text: str, links: list[tuple[int, int, str]], offset: int,
              ) -> tuple[list[Link], str]:
    """Runs of whitespace to one space, ends stripped; link offsets moved to match."""
    kept: list[str] = []
    where: list[int] = []  # for each original character, its offset in the collapsed text
    size = 0
    for char in text:
        if char.isspace():
            if not kept or kept[-1] == " ":
                where.append(size)
                continue
            char = " "
        where.append(size)
        kept.append(char)
        size += 1
    collapsed = "".join(kept)
    stripped = collapsed.rstrip(" ")
    where.append(size)
    moved = []
    for start, end, url in links:
        begin, finish = where[start], min(where[end], len(stripped))
        if finish > begin:
            moved.append(Link(offset + begin, offset + finish, url))
    return moved, stripped
