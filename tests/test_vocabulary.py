"""A project's vocabulary in its configuration: the publisher's own names make its words
`self`, extra hype, absolute and hedge terms flag like the bundled ones, and bad entries are
one line naming the file, exit 2."""

from __future__ import annotations

import json

import pytest

from claimcheck.cli import Exit
from claimcheck.lexicons import vocabulary

PAGE = """# Brightside Wellness

Brightside patients report 80% less pain after three sessions.

According to Brightside Wellness, the infusion relieves migraines within an hour.

At Brightside Wellness, we have seen sleep improve within a week.

Brightside's own data show that 9 in 10 clients sleep better.

Our next-level protocol restores energy.

The drip gives zero downtime recovery.

In some cases the drip eases cramps.
"""


@pytest.fixture
def site(tmp_path, monkeypatch):
    (tmp_path / "page.md").write_text(PAGE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def statements(cli) -> dict[str, dict]:
    result = cli("scan", "-f", "json", "page.md")
    assert result.exit_code == Exit.OK, result.stderr
    return {s["text"]: s for s in json.loads(result.stdout)["documents"][0]["statements"]}


def test_the_publishers_names_are_self_on_its_pages(cli, site):
    before = statements(cli)
    (site / "claimcheck.yaml").write_text(
        "vocabulary:\n  self: [Brightside Wellness, Brightside]\n")
    after = statements(cli)
    for text in ("Brightside patients report 80% less pain after three sessions.",
                 ("According to Brightside Wellness, the infusion relieves migraines within an "
                 "hour."),
                 "Brightside's own data show that 9 in 10 clients sleep better."):
        assert before[text]["attribution"]["type"] != "self", text
        assert after[text]["attribution"]["type"] == "self", text
        assert after[text]["status"] == "self-reported"
        assert "Brightside" in after[text]["attribution"]["text"]
    seen = "At Brightside Wellness, we have seen sleep improve within a week."
    assert after[seen]["attribution"]["type"] == "self"
    # a page of another publisher naming Brightside is not changed by it
    (site / "claimcheck.yaml").write_text("vocabulary:\n  self: [Riverbend Clinic]\n")
    assert statements(cli) == before
    found = cli("check", "page.md", "-f", "json")
    assert {f["code"] for f in json.loads(found.stdout)["findings"]} >= {"CC102"}
    (site / "claimcheck.yaml").write_text("vocabulary:\n  self: [Brightside]\n")
    codes = [f["code"] for f in json.loads(cli("check", "page.md", "-f", "json").stdout)["findings"]]
    assert "CC105" in codes and "CC102" not in codes  # credited to itself, not to a lost study


def test_extra_hype_absolute_and_hedge_terms_flag(cli, site):
    before = statements(cli)
    (site / "claimcheck.yaml").write_text(
        "vocabulary:\n  hype: [next-level]\n  absolute: [zero downtime]\n"
        "  hedge: [in some cases]\n")
    after = statements(cli)
    assert "hype" not in before["Our next-level protocol restores energy."]["flags"]
    assert "hype" in after["Our next-level protocol restores energy."]["flags"]
    assert "absolute" in after["The drip gives zero downtime recovery."]["flags"]
    assert "hedged" in after["In some cases the drip eases cramps."]["flags"]
    assert "CC201" in cli("check", "page.md").stdout


@pytest.mark.parametrize(("table", "message"), [
    ("vocabulary: [a]", "vocabulary must be a table"),
    ("vocabulary:\n  selfs: [x]", "vocabulary: unknown key 'selfs'"),
    ("vocabulary:\n  hype: 3", "vocabulary.hype must be a list"),
    ("vocabulary:\n  hype: ['--']", "vocabulary.hype: '--' is not a word or phrase"),
    ("vocabulary:\n  hype: [next-level, Next-Level]", "'Next-Level' is listed twice"),
    ("vocabulary:\n  self: [Brightside]\n  hype: [brightside]", "listed twice (also in vocabulary.self)"),
    ("vocabulary:\n  hype: [breakthrough]", "already covered by the bundled hype lexicon"),
    ("vocabulary:\n  hedge: [may help]", "already covered by the bundled hedge lexicon"),
    ("vocabulary:\n  self: [" + "x" * 90 + "]", "longer than 80 characters"),
])
def test_bad_vocabulary_is_one_line_naming_the_file(cli, site, table, message):
    (site / "claimcheck.yaml").write_text(table + "\n")
    for command in (("scan", "page.md"), ("check", "page.md"), ("audit", "page.md")):
        result = cli(*command)
        assert result.exit_code == Exit.ERROR, command
        assert result.stderr.count("\n") == 1, result.stderr
        assert "claimcheck.yaml" in result.stderr and message in result.stderr, result.stderr
    assert not (site / "claims.yaml").exists()


def test_terms_are_literal_and_whole_words():
    words = vocabulary.parse({"hype": ["C++ wizardry", "next level"]})
    import re

    group, pattern = words.patterns()[0]
    assert group == "flags.hype"
    assert re.search(pattern, "a c++ wizardry  show", re.IGNORECASE)
    assert not re.search(vocabulary.term("next level"), "nextlevel")
    assert re.search(vocabulary.term("next level"), "the next\nlevel")
