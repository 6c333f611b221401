"""HTML via selectolax (lexbor): visible page text as blocks, chrome left out.

The document text is the extracted text (blocks separated by blank lines, list items by a
newline), so offsets refer to it, not to the markup. Scripts, styles, forms, navigation,
page-level headers and footers, and anything hidden never become statements. Superscript
numerals become Unicode superscripts ("<sup>3</sup>" -> "³") so a citation marker survives.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from claimcheck.model import Block, BlockKind, Document, Link

from .layout import refine

_SKIP = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe",
    "object", "embed", "nav", "form", "button", "select", "option", "textarea", "input",
    "aside", "dialog", "menu",
})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar",
                           "complementary", "dialog"})
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|cookies?|consent|share|sharing|"
    r"social|sidebar|skip-link|comments?|related-posts|newsletter|popup|modal)(?:$|[\s_-])",
    re.IGNORECASE,
)
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


def parse(path: str, text: str) -> Document:
    tree = LexborHTMLParser(text)
    builder = _Builder()
    root = tree.body or tree.root
    if root is not None:
        builder.walk(root, BlockKind.PARAGRAPH, 0, inside_content=False)
        builder.flush(BlockKind.PARAGRAPH, 0)
    extracted = "".join(builder.parts)
    return Document(path, "html", extracted, refine(extracted, builder.blocks),
                    tuple(builder.links), tuple(builder.comments))


class _Builder:
    """Accumulates inline text into blocks; offsets are final as soon as text is appended."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.inline: list[str] = []
        self.inline_size = 0
        self.last_kind: BlockKind | None = None
        self.comments: list[tuple[int, str]] = []

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
            if tag.startswith("-") or _is_chrome(child, tag, inside_content):
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
                self.walk(child, inner_kind, inner_level,
                          inside_content or tag in ("article", "main"))
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
        start = self.size
        self.parts.append(body)
        self.size += len(body)
        self.blocks.append(Block(kind, start, self.size, level))
        self.last_kind = kind
        self.links = [Link(link.start, min(link.end, self.size), link.url) for link in self.links]

    def _shift_pending_links(self, by: int) -> None:
        """Links recorded in the not-yet-flushed block move when the separator goes in."""
        self.links = [Link(l.start + by, l.end + by, l.url) if l.start >= self.size - by else l
                      for l in self.links]


def _block_kind(tag: str, kind: BlockKind, level: int) -> tuple[BlockKind, int]:
    if tag in _HEADINGS:
        return BlockKind.HEADING, _HEADINGS[tag]
    if tag in _ITEMS:
        return BlockKind.LIST_ITEM, 0
    if tag in ("p", "div", "blockquote", "figcaption", "caption") and kind is not BlockKind.LIST_ITEM:
        return BlockKind.PARAGRAPH, 0
    return kind, level


def _is_chrome(node: LexborNode, tag: str, inside_content: bool) -> bool:
    """Page furniture that never carries the page's own statements."""
    if tag in _SKIP:
        return True
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = (attributes.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if attributes.get("role") in _CHROME_ROLES:
        return True
    if tag in ("header", "footer") and not inside_content:
        return True
    marks = " ".join(filter(None, (attributes.get("class"), attributes.get("id"))))
    return bool(marks) and bool(_CHROME_CLASS.search(marks))
