"""The catalogue's fast path (claimcheck/catalog/layout.py) writes what the whole-file round
trip writes, byte for byte, and reads what it reads: on the bundled corpus plus 200
generated pages, with reviews and people's comments beside changing entries, for every
review command, and for texts of any characters. Files it cannot read exactly fall back to
the whole-file reading, errors and lines included."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from claimcheck import catalog, incremental, pipeline
from claimcheck.catalog import layout, schema
from claimcheck.catalog.writing import HEADER
from claimcheck.cli import Exit
from claimcheck.config import DEFAULT
from claimcheck.evidence import registry
from claimcheck.model import DocumentResult

from .conftest import ROOT
from .test_scale import site  # noqa: F401 (the corpus fixture)

SOURCES = registry.load(ROOT / "sources.yaml")


@pytest.fixture
def whole(monkeypatch):
    """Turn the fast path off: every catalogue read and written whole by ruamel.yaml."""
    def off() -> None:
        monkeypatch.setattr(layout, "read", lambda *args: None)
        monkeypatch.setattr(layout, "render", lambda *args: None)
    return off


def audit(root: Path, catalogue: Path) -> catalog.Updated:
    library = catalog.library(catalogue, SOURCES)
    results = list(pipeline.stream([root / "corpus"], DEFAULT, SOURCES, library))
    assert all(isinstance(r, DocumentResult) for r in results)
    return catalog.update(catalogue, results, SOURCES, roots=[root / "corpus"])


def both(tmp_path: Path, whole, start: str | None, act) -> tuple[str, str]:
    """claims.yaml after `act(path)` from the same starting text, fast and whole."""
    texts = []
    for name in ("fast", "whole"):
        path = tmp_path / name / "claims.yaml"
        path.parent.mkdir()
        if start is not None:
            path.write_text(start, encoding="utf-8")
        if name == "whole":
            whole()
        act(path)
        texts.append(path.read_text(encoding="utf-8"))
    return texts[0], texts[1]


def test_an_audit_writes_what_the_round_trip_writes(site, tmp_path, whole):  # noqa: F811
    fast, slow = both(tmp_path, whole, None, lambda path: audit(site, path))
    assert fast == slow
    assert fast.startswith(HEADER)
    assert fast.count("\n  - id: ") > 1000


def test_reviews_and_comments_survive_beside_changed_entries(site, tmp_path, whole):  # noqa: F811
    start = (ROOT / "claims.yaml").read_text(encoding="utf-8")
    start = start.replace("    review:\n", "    review:  # checked by hand\n", 1)
    start = start.replace("\n  - id: ", "\n  # a person's note about the next claim\n  - id: ", 2)
    edited = site / "corpus" / "ketamine-ptsd"
    page = edited / "midland-clinic-how-ketamine-treats-ptsd.txt"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original.replace("PTSD", "post-traumatic stress", 3), encoding="utf-8")
        fast, slow = both(tmp_path, whole, start, lambda path: audit(site, path))
    finally:
        page.write_text(original, encoding="utf-8")
    assert fast == slow
    assert "    review:  # checked by hand\n" in fast
    assert "  # a person's note about the next claim\n" in fast


def test_an_unchanged_catalogue_is_not_rewritten(site, tmp_path):  # noqa: F811
    path = tmp_path / "claims.yaml"
    audit(site, path)
    before = path.read_bytes()
    assert not audit(site, path).changed
    assert path.read_bytes() == before
    loaded = schema.read(path, SOURCES)
    assert loaded.layout is not None  # read the fast way
    assert loaded.text() == before.decode()


@pytest.mark.parametrize("command", ["review", "prune", "accept"])
def test_review_commands_write_what_the_round_trip_writes(site, tmp_path, whole,  # noqa: F811
                                                         command):
    seed = tmp_path / "seed.yaml"
    audit(site, seed)
    start = seed.read_text(encoding="utf-8")
    generated = next(e for e in catalog.entries(seed) if "review" not in e
                     and "/generated/page-" in e["places"][0]["document"])

    def act(path: Path) -> None:
        if command == "review":
            catalog.set_review(path, generated["id"], SOURCES, verdict="needs-source",
                               note="Which trial? 'The 2019 one': no such trial.",
                               reviewer="A. Editor", date="2026-12-04")
        elif command == "prune":
            text = path.read_text(encoding="utf-8").replace(
                "    sources: []\n", "    sources: []\n    orphaned: true\n", 5)
            path.write_text(text, encoding="utf-8")
            assert catalog.prune(path) == 5
        else:
            catalog.set_review(path, generated["id"], SOURCES, verdict="approved")
            text = path.read_text(encoding="utf-8").replace(
                "    sources: []\n",
                f"    sources: []\n    library: {{id: {generated['id']}, match: suggested, "
                f"similarity: 0.91}}\n", 3)
            path.write_text(text, encoding="utf-8")
            assert len(catalog.accept_suggestions(path, SOURCES)) >= 2

    fast, slow = both(tmp_path, whole, start, act)
    assert fast == slow


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1,
                max_size=120)
_WORDY = st.text(string.ascii_letters + string.digits + " :#'\"-[]{},&*!%@`|>?.", min_size=1,
                 max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_TEXT, _WORDY, st.sampled_from(
    ["yes", "No", "on", "1:20", "012", "1e3", "0o17", "null", "~", "true", "- a", "a: b",
     "#x", "'q'", '"q"', "x #y", "1_000", ".inf", "2026-11-21", "=", "<<", " lead", "trail "])),
       document=st.one_of(_WORDY, st.sampled_from(["on", "12", "a b.md", "ü/é.html"])),
       kinds=st.lists(st.sampled_from(["statistic", "efficacy", "yes", "1e3"]), max_size=3))
def test_c_emitter_and_loader_agree_with_the_round_trip(text, document, kinds):
    entry = {"id": "c-0123456789", "text": text, "kinds": kinds, "flags": [],
             "attribution": {"type": "named", "text": text[:20]}, "status": "unsourced",
             "places": [{"document": document, "line": 3}], "sources": [],
             "library": {"id": "c-9", "match": "suggested", "similarity": 0.875}}
    exact = layout._emit_exact([entry])
    assert exact is not None
    if layout._plain(entry):
        assert layout._emit_plain([entry]) == exact
    chunk = exact[0]
    # ruamel.yaml writes a flow value that starts with '?' plainly and cannot read it back:
    # not a difference between the two paths, which write it alike.
    assume(not text.startswith("?") and not document.startswith("?"))
    ruamel_reads = layout.yamlfile.loads(chunk, Path("x.yaml"))[0]
    if layout._loads_in_c(chunk):
        c_reads = layout.yaml.load(chunk, Loader=layout._LOADER)[0]
        assert c_reads == ruamel_reads
        assert layout.snapshot(c_reads) == layout.snapshot(_plain_data(ruamel_reads))


def _plain_data(value):
    if isinstance(value, dict):
        return {k: _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


HEAD = "# a catalogue\nschema: 1\nclaims:\n"
ENTRY = """\
  - id: c-{n}
    text: Claim number {n}.
    kinds: [{kind}]
    flags: []
    attribution: {{type: none}}
    status: unsourced
    places:
      - {{document: page.md, line: {line}}}
    sources: []
"""


def catalogue(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(HEAD + "".join(entries), encoding="utf-8")
    return path


def test_yaml_1_1_words_read_as_text_as_the_round_trip_reads_them(tmp_path):
    path = catalogue(tmp_path, ENTRY.format(n=1, kind="yes", line=1),
                     ENTRY.format(n=2, kind="statistic", line=2).replace(
                         "text: Claim number 2.", "text: 1:20"),
                     ENTRY.format(n=3, kind="on", line=3))
    loaded = schema.read(path)
    assert loaded.layout is not None
    claims = loaded.data["claims"]
    assert [c["kinds"] for c in claims] == [["yes"], ["statistic"], ["on"]]
    assert claims[1]["text"] == "1:20"
    assert loaded.text() == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("odd", [
    "  - &first\n    id: c-9\n    text: x\n  - *first\n",  # an entry and its alias
    "  - id: c-9\n    text: x\nother: 1\n",  # a key after the list
    "  - id: c-9\n    kinds:\n      - statistic\n",  # a block list: kept as the person wrote it
    "  - {id: c-9, text: x}\n",  # a flow entry
])
def test_other_shapes_read_and_write_as_the_round_trip(tmp_path, whole, odd):
    start = HEAD + ENTRY.format(n=1, kind="statistic", line=1) + odd
    outcomes = []
    for name in ("fast", "whole"):
        if name == "whole":
            whole()
        path = tmp_path / name / "claims.yaml"
        path.parent.mkdir()
        path.write_text(start, encoding="utf-8")
        try:
            loaded = schema.read(path)
        except catalog.CatalogError as exc:
            outcomes.append(str(exc).replace(str(path), "claims.yaml"))
            continue
        loaded.data["claims"][0]["status"] = "cited"
        outcomes.append(loaded.text())
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize(("broken", "line"), [
    ("line: 7", "line: 0"), ("line: 7", "line: seven"), ("kinds: [statistic]", "kinds: [[x]]"),
    ("status: unsourced", "status: [a, b]"), ("flags: []", "flags: []\n    flags: [hype]"),
    ("sources: []", "sources: []\n    colour: red"),
])
def test_a_bad_plain_entry_is_reported_at_its_line_as_before(tmp_path, whole, cli, broken, line):
    good = [ENTRY.format(n=n, kind="statistic", line=n) for n in range(1, 6)]
    good[3] = good[3].replace(broken.replace("7", "4"), line, 1)
    path = catalogue(tmp_path, *good)
    with pytest.raises(catalog.CatalogError) as fast:
        schema.read(path)
    whole()
    with pytest.raises(catalog.CatalogError) as slow:
        schema.read(path)
    assert str(fast.value) == str(slow.value)
    assert fast.value.line is not None and fast.value.line > 25
    result = cli("catalog", "prune", "--catalog", str(path))
    assert result.exit_code == Exit.ERROR
    assert result.stderr.count("\n") == 1 and f"{path}:{fast.value.line}:" in result.stderr


def test_a_fresh_catalogue_starts_with_the_header(tmp_path):
    loaded = schema.read(tmp_path / "claims.yaml")
    assert loaded.text() == schema.yamlfile.dump(loaded.data, HEADER)
    assert isinstance(loaded.data, CommentedMap)


class _Counted:
    """Counts the entries libyaml's loader reads (layout's fast path) while installed."""

    def __init__(self, monkeypatch) -> None:
        self.entries = 0
        load = yaml.load

        def counted(*args, **kwargs):
            found = load(*args, **kwargs)
            self.entries += len(found) if isinstance(found, list) else 0
            return found
        monkeypatch.setattr(layout.yaml, "load", counted)


def test_entries_read_before_come_from_the_memo_and_read_the_same(site, tmp_path,  # noqa: F811
                                                                  monkeypatch):
    path = tmp_path / "claims.yaml"
    audit(site, path)
    text = path.read_text(encoding="utf-8")
    memo = incremental.Entries(tmp_path / "cache", path)
    counted = _Counted(monkeypatch)
    plain = schema.read(path, SOURCES)
    read_in_c = counted.entries
    assert read_in_c > 1000 and not memo.known()
    filled = schema.read(path, SOURCES, memo=memo)
    assert len(memo.known()) == read_in_c == counted.entries - read_in_c
    again = schema.read(path, SOURCES, memo=memo)
    assert counted.entries == 2 * read_in_c  # nothing read again
    for loaded in (filled, again):
        assert loaded.layout is not None and loaded.data == plain.data
        assert loaded.text() == text  # every entry written back as the text it was read from
    edited = text.replace("\n    text: ", "\n    text: Reworded, ", 1)
    path.write_text(edited, encoding="utf-8")
    changed = schema.read(path, SOURCES, memo=memo)
    assert counted.entries == 2 * read_in_c + 1  # the one entry whose text changed
    assert changed.text() == edited and len(memo.known()) == read_in_c
    memo.put(memo.key, b"damaged")
    assert schema.read(path, SOURCES, memo=memo).data == changed.data
    assert counted.entries == 3 * read_in_c + 1 and len(memo.known()) == read_in_c


def test_an_entry_met_twice_in_the_memo_is_two_entries(tmp_path):
    path = catalogue(tmp_path, ENTRY.format(n=1, kind="statistic", line=1),
                     ENTRY.format(n=1, kind="statistic", line=1))
    memo = incremental.Entries(tmp_path / "cache", path)
    text = path.read_text(encoding="utf-8")
    for _ in range(2):  # filling the memo, then from it
        shape, entries = layout.read(text, path, schema.SCHEMA, schema.CatalogError, memo)
        assert entries[0] == entries[1] and entries[0] is not entries[1]
        entries[0]["text"] = "changed in one place only"
        assert entries[1]["text"] == "Claim number 1."
