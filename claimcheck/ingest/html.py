"""HTML via selectolax (lexbor): visible page text as blocks, chrome left out.

The document text is the extracted text (blocks separated by blank lines, list items by a
newline), so offsets refer to it, not to the markup. Scripts, styles, forms, navigation,
page-level headers and footers, and anything hidden never become statements. Superscript
numerals become Unicode superscripts ("<sup>3</sup>" -> "³") so a citation marker survives.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

from claimcheck.model import Block, BlockKind, Document, Link

from . import main_text
from .layout import refine

_NEVER_TEXT = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe",
    "object", "embed", "button", "select", "option", "textarea", "input",
})
_SKIP = frozenset({"nav", "aside", "dialog", "menu"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar",
                           "complementary", "dialog"})
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|cookies?|consent|share|sharing|"
    r"social|sidebar|skip-link|comments?|related|newsletter|subscribe|signup|popup|modal|"
    r"banner|footer|byline|author|promo|sponsored|advert|widget|pagination|pager|"
    r"top-?bar)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_ITEMS = frozenset({"li", "dt", "dd", "td", "th"})
_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "address", "blockquote",
    "pre", "figure", "figcaption", "caption", "table", "thead", "tbody", "tfoot", "tr", "ul",
    "ol", "dl", "body", "html", "hr", "details", "summary", "center",
}) | _ITEMS | set(_HEADINGS)
_SUPERSCRIPT = str.maketrans("0123456789,-–", "⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻⁻")
_MARKER = re.compile(r"^[\d,\s\-–]+$")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(head: bytes) -> str | None:
    match = _CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def parse(path: str, text: str, main_only: bool = True) -> Document:
    """The page's text as blocks; with `main_only`, only the blocks of its main text (as
    main_text.find judges it, on a page of at most main_text.MAX_JUDGED characters of text),
    else every visible block but those inside furniture."""
    tree = LexborHTMLParser(text)
    builder = _Builder()
    root = tree.body or tree.root
    if root is not None:
        builder.walk(root, BlockKind.PARAGRAPH, 0, inside_content=False)
        builder.flush(BlockKind.PARAGRAPH, 0)
    extracted = "".join(builder.parts)
    blocks, links, comments = refine(extracted, builder.blocks), builder.links, builder.comments
    judged = main_only and len(extracted) <= main_text.MAX_JUDGED
    main = main_text.find(text) if judged else None
    kept = main_text.kept(main, [(b.kind, extracted[b.start:b.end]) for b in blocks],
                          builder.marked)
    if not all(kept):
        extracted, blocks, links, comments = _keep(extracted, blocks, links, comments, kept)
    return Document(path, "html", extracted, tuple(blocks), tuple(links), tuple(comments))


def _keep(text: str, blocks: Sequence[Block], links: list[Link], comments: list[tuple[int, str]],
          kept: list[bool]) -> tuple[str, list[Block], list[Link], list[tuple[int, str]]]:
    """The text of the kept blocks alone, laid out as the builder lays blocks out, with the
    links inside them moved along; a comment moves to the next kept block, so a suppression
    still applies to what follows it."""
    parts: list[str] = []
    size, previous = 0, None
    moved: list[Block] = []
    shift: list[tuple[int, int, int]] = []  # (old start, old end, new start) per kept block
    for block, keep in zip(blocks, kept, strict=True):
        if not keep:
            continue
        line = text.rfind("\n", 0, block.start) + 1
        if parts:  # one newline between items of a list kept together, else a blank line
            gap = "\n" if previous is not None and text[previous.end:line] == "\n" else "\n\n"
            parts.append(gap)
            size += len(gap)
        marker = text[line:block.start]  # an <ol> item's number
        parts.append(marker)
        size += len(marker)
        parts.append(text[block.start:block.end])
        shift.append((block.start, block.end, size))
        moved.append(Block(block.kind, size, size + block.end - block.start, block.level))
        size += block.end - block.start
        previous = block
    starts = [old for old, _, _ in shift]
    new_links = []
    for link in links:
        index = bisect_right(starts, link.start) - 1
        if index >= 0 and link.start < shift[index][1]:
            old, _, new = shift[index]
            new_links.append(Link(link.start - old + new, link.end - old + new, link.url))
    new_comments = []
    for at, raw in comments:
        index = bisect_left(starts, at)
        new_comments.append((shift[index][2] if index < len(shift) else size, raw))
    return "".join(parts), moved, new_links, new_comments


class _Builder:
    """Accumulates inline text into blocks; offsets are final as soon as text is appended."""

    def __init__(self) -> None:
        self.suspect: int | None = None
        self.suspects: list[str] = []
        self.marked: list[int | None] = []
        """Per block: the innermost element named like furniture it lies in, or None."""
        self.parts: list[str] = []
        self.size = 0
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.settled = 0
        """Links before this index lie in flushed blocks: final."""
        self.inline: list[str] = []
        self.inline_size = 0
        self.last_kind: BlockKind | None = None
        self.comments: list[tuple[int, str]] = []
        self.numbering: list[int | None] = []
        """The next number of each list the walk is in (None: not an <ol>)."""
        self.marker: str | None = None
        """The number of the <ol> item being read, written before its first block."""

    def walk(self, node: LexborNode, kind: BlockKind, level: int, inside_content: bool) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.add(child.text(deep=False) or "")
                continue
            if tag == "-comment":
                self.comments.append((self.size + self.inline_size + (2 if self.parts else 0),
                                      child.html or ""))
                continue
            if tag.startswith("-"):
                continue
            chrome = _chrome(child, tag, inside_content)
            if chrome == _LEFT_OUT:
                continue
            if chrome == _FURNITURE:
                self.flush(kind, level)  # walked, marked: main_text.kept decides
                outer, self.suspect = self.suspect, len(self.suspects)
                self.suspects.append(tag)
                self.walk(child, kind, level, inside_content)
                self.flush(kind, level)
                self.suspect = outer
                continue
            if tag == "br":
                self.flush(kind, level)
            elif tag == "sup":
                marker = child.text() or ""
                self.add(marker.strip().translate(_SUPERSCRIPT) if _MARKER.match(marker)
                         else marker)
            elif tag == "a" and child.attributes.get("href"):
                begin = self.size + self.inline_size
                self.walk(child, kind, level, inside_content)
                end = self.size + self.inline_size
                if end > begin:
                    self.links.append(Link(begin, end, child.attributes["href"] or ""))
            elif tag in _BLOCKS:
                self.flush(kind, level)
                inner_kind, inner_level = _block_kind(tag, kind, level)
                if tag in ("ol", "ul", "dl"):
                    self.numbering.append(_first_number(child) if tag == "ol" else None)
                elif tag == "li" and self.numbering and self.numbering[-1] is not None:
                    number = _integer(child.attributes.get("value")) or self.numbering[-1]
                    self.numbering[-1] = number + 1
                    self.marker = f"{number}. "
                self.walk(child, inner_kind, inner_level,
                          inside_content or tag in ("article", "main"))
                if tag in ("ol", "ul", "dl"):
                    self.numbering.pop()
                elif tag == "li":
                    self.flush(inner_kind, inner_level)
                    self.marker = None
                self.flush(inner_kind, inner_level)
            else:
                self.walk(child, kind, level, inside_content)

    def add(self, piece: str) -> None:
        piece = re.sub(r"\s+", " ", piece)
        if not self.inline or self.inline[-1].endswith(" "):
            piece = piece.lstrip(" ")
        if piece:
            self.inline.append(piece)
            self.inline_size += len(piece)

    def flush(self, kind: BlockKind, level: int) -> None:
        body = "".join(self.inline).rstrip(" ")
        self.inline, self.inline_size = [], 0
        if not body:
            return
        if self.parts:
            gap = "\n" if kind is BlockKind.LIST_ITEM and self.last_kind is kind else "\n\n"
            self.parts.append(gap)
            self.size += len(gap)
            self._shift_pending_links(len(gap))
        if self.marker:  # an <ol> item's number, before the item (as "3. " in a text file)
            self.parts.append(self.marker)
            self.size += len(self.marker)
            self._shift_pending_links(len(self.marker))
            self.marker = None
        start = self.size
        self.parts.append(body)
        self.size += len(body)
        self.blocks.append(Block(kind, start, self.size, level))
        self.marked.append(self.suspect)
        self.last_kind = kind
        pending = self.links[self.settled:]
        self.links[self.settled:] = [Link(link.start, min(link.end, self.size), link.url)
                                     for link in pending]
        self.settled = len(self.links)

    def _shift_pending_links(self, by: int) -> None:
        """Links recorded in the not-yet-flushed block move when the separator goes in."""
        self.links[self.settled:] = [
            Link(l.start + by, l.end + by, l.url) if l.start >= self.size - by else l
            for l in self.links[self.settled:]]


def _first_number(node: LexborNode) -> int:
    return _integer(node.attributes.get("start")) or 1


def _integer(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _block_kind(tag: str, kind: BlockKind, level: int) -> tuple[BlockKind, int]:
    if tag in _HEADINGS:
        return BlockKind.HEADING, _HEADINGS[tag]
    if tag in _ITEMS:
        return BlockKind.LIST_ITEM, 0
    if tag in ("p", "div", "blockquote", "figcaption", "caption") and kind is not BlockKind.LIST_ITEM:
        return BlockKind.PARAGRAPH, 0
    return kind, level


_SHOWN, _FURNITURE, _LEFT_OUT = 0, 1, 2


def _chrome(node: LexborNode, tag: str, inside_content: bool) -> int:
    """_LEFT_OUT for what never carries the page's own statements: what is never text
    (scripts, controls), hidden, or marked up as navigation, a banner or a page footer.
    _FURNITURE for what the markup's names say is furniture (a menu, a sidebar, a cookie or
    newsletter prompt, related links, a byline, a form): only a guess, as a layout wrapper
    named after what it holds beside the article ("has-sidebar") holds the article too.
    _SHOWN otherwise."""
    if tag in _NEVER_TEXT or tag in _SKIP:
        return _LEFT_OUT
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true" \
            or attributes.get("role") in _CHROME_ROLES:
        return _LEFT_OUT
    style = attributes.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return _LEFT_OUT
    if tag in ("header", "footer") and not inside_content:
        return _LEFT_OUT
    if tag == "form":
        return _FURNITURE
    marks = " ".join(filter(None, (attributes.get("class"), attributes.get("id"))))
    return _FURNITURE if marks and _CHROME_CLASS.search(marks) else _SHOWN
