"""`claimcheck check` in the linters' shape, through the CLI: one line per finding (golden),
the summary line, --statistics, --select/--ignore/--fail-on over the configuration, `rule`,
SARIF helpUri, and pages with nothing to assess."""

from __future__ import annotations

import json
import re
import shutil

import jsonschema
import pytest

from claimcheck.cli import Exit
from claimcheck.gate import rules

from .conftest import PAGES, golden
from .test_check import SCHEMA

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>CC\d{3}) "
                  r"\[(?P<level>error|warning|info)\] (?P<message>.+)$")


@pytest.fixture
def pages(tmp_path, monkeypatch):
    shutil.copytree(PAGES, tmp_path / "pages")
    monkeypatch.chdir(tmp_path)
    for name in ("COLUMNS", "GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def findings(stdout: str) -> list[dict]:
    return [m.groupdict() for line in stdout.splitlines() if (m := LINE.match(line))]


def test_the_default_is_one_line_per_finding_then_the_verdict(cli, pages):
    result = cli("check", "pages")
    assert result.exit_code == Exit.POLICY
    golden("pages-check.txt", result.stdout)
    lines = result.stdout.splitlines()
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert lines[-1].startswith("FAILED: 4 errors, 6 warnings, 0 notes in 2 documents")
    every = json.loads(cli("check", "-f", "json", "pages").stdout)["findings"]
    assert len(findings(result.stdout)) == len(every)


def test_a_finding_names_the_source_it_credits_and_the_claim(cli, pages):
    (pages / "pages" / "yale.md").write_text(
        "# Yale University Study (2021)\n\n85% of PTSD patients showed significant "
        "improvement.\n")
    out = cli("check", "pages/yale.md").stdout
    (phantom,) = [f for f in findings(out) if f["code"] == "CC102"]
    assert phantom["line"] == "3"
    assert 'credits "Yale University Study (2021)"' in phantom["message"]
    assert '"85% of PTSD patients showed significant improvement."' in phantom["message"]
    annotation = cli("check", "-f", "github", "pages/yale.md").stdout
    assert re.search(r"::error file=pages/yale\.md,line=3,.*credits \"Yale University Study "
                     r"\(2021\)\"", annotation)


def test_long_claims_are_cut_at_a_word_boundary(cli, pages):
    claim = "Our infusions help 85% of patients " + " ".join(["within two hours"] * 30) + "."
    (pages / "pages" / "long.md").write_text(f"# Offer\n\n{claim}\n")
    (line,) = [f for f in findings(cli("check", "pages/long.md").stdout) if f["code"] == "CC101"]
    quoted = line["message"].split(': "', 1)[1]
    assert quoted.endswith("…\"") and len(quoted) < len(claim)
    assert claim.startswith(quoted[:-2])  # whole words only
    assert quoted[:-2].rsplit(" ", 1)[-1] in claim.split()


def test_statistics_counts_per_rule(cli, pages):
    result = cli("check", "--statistics", "pages")
    assert result.exit_code == Exit.POLICY
    lines = result.stdout.splitlines()
    counted = [re.match(r"^\s*(\d+)  (CC\d{3})  \[(\w+)\]\s+([\w-]+)$", line) for line in lines[:-1]]
    assert all(counted), lines
    every = json.loads(cli("check", "-f", "json", "pages").stdout)["findings"]
    expected = {}
    for f in every:
        expected[f["code"]] = expected.get(f["code"], 0) + 1
    assert {m.group(2): int(m.group(1)) for m in counted} == expected
    assert [int(m.group(1)) for m in counted] == sorted((int(m.group(1)) for m in counted),
                                                       reverse=True)
    assert lines[-1].startswith("FAILED:")
    as_json = json.loads(cli("check", "--statistics", "-f", "json", "pages").stdout)
    assert {s["code"]: s["count"] for s in as_json["statistics"]} == expected
    refused = cli("check", "--statistics", "-f", "sarif", "pages")
    assert refused.exit_code == Exit.ERROR and "--statistics" in refused.stderr


def test_select_ignore_and_fail_on_override_the_configuration(cli, pages):
    (pages / "claimcheck.yaml").write_text(
        "check:\n  disable: [CC101]\n  fail-on: error\n")
    codes = {f["code"] for f in findings(cli("check", "pages").stdout)}
    assert "CC101" not in codes and "CC104" in codes
    selected = cli("check", "--select", "CC101", "pages")  # selected although disabled
    assert {f["code"] for f in findings(selected.stdout)} == {"CC101"}
    grouped = {f["code"] for f in findings(cli("check", "--select", "CC1,hype",
                                               "pages").stdout)}
    assert grouped <= {"CC101", "CC102", "CC103", "CC104", "CC105", "CC201"} and "CC201" in grouped
    ignored = {f["code"] for f in findings(cli("check", "--ignore", "CC104", "--ignore", "CC3",
                                               "pages").stdout)}
    assert not ignored & {"CC104", "CC301", "CC101"}
    assert cli("check", "--select", "CC104", "pages").exit_code == Exit.OK  # fail-on error
    assert cli("check", "--select", "CC104", "--fail-on", "warning",
               "pages").exit_code == Exit.POLICY
    assert "failing on warning" in cli("check", "--fail-on", "warning", "pages").stdout
    unknown = cli("check", "--select", "CC999", "pages")
    assert unknown.exit_code == Exit.ERROR
    assert unknown.stderr.count("\n") == 1 and "no rule 'CC999'" in unknown.stderr
    assert cli("check", "--fail-on", "fatal", "pages").exit_code == Exit.ERROR


def test_rule_prints_a_rules_documentation(cli):
    shown = cli("rule", "CC102")
    assert shown.exit_code == Exit.OK
    rule = rules.get("CC102")
    for key in rules.SECTIONS:
        assert rule.section(key)[:40] in " ".join(shown.stdout.split())
    assert rule.help_uri in shown.stdout
    assert cli("rule", "unverifiable-attribution").stdout == shown.stdout
    every = cli("rule", "--all").stdout
    assert all(f"{code} {r.name} ({r.level})" in every for code, r in rules.RULES.items())
    assert json.loads(cli("rule", "CC102", "-f", "json").stdout)["help_uri"] == rule.help_uri
    assert [r["code"] for r in json.loads(cli("rule", "--all", "-f", "json").stdout)] == \
        list(rules.RULES)
    assert cli("rule", "--all", "-f", "md").stdout == rules.markdown_page()
    missing = cli("rule", "CC999")
    assert missing.exit_code == Exit.ERROR and missing.stderr.count("\n") == 1
    assert cli("rule").exit_code == Exit.ERROR


def test_sarif_rules_link_to_their_documentation(cli, pages):
    log = json.loads(cli("check", "-f", "sarif", "pages").stdout)
    jsonschema.validate(log, SCHEMA)
    driver = log["runs"][0]["tool"]["driver"]
    for entry in driver["rules"]:
        rule = rules.get(entry["id"])
        assert entry["helpUri"] == f"{rules.DOCS}#{rule.anchor}"
        assert f"## {rule.code} {rule.name}" in entry["help"]["markdown"]


def test_version(cli):
    from claimcheck import installed_version

    result = cli("--version")
    assert result.exit_code == Exit.OK and result.stdout == f"claimcheck {installed_version()}\n"


@pytest.mark.parametrize("page", [
    "Our clinic is open Monday to Friday.\n",
    "# Visit us\n\nOur clinic is open Monday to Friday.\n\nCall 555-0100 to book.\n",
])
def test_a_page_with_nothing_to_assess_gets_no_grade_and_never_fails(cli, pages, page):
    (pages / "hours.md").write_text(page)
    result = cli("check", "hours.md")
    assert result.exit_code == Exit.OK, result.stdout
    assert "CC301" not in result.stdout
    document = json.loads(cli("scan", "-f", "json", "hours.md").stdout)["documents"][0]
    assert document["score"] is None and document["grade"] is None
    audited = cli("audit", "hours.md", "--catalog", "claims.yaml", "--reports", "out")
    assert audited.exit_code == Exit.OK, audited.stderr
    assert "nothing to assess" in audited.stdout
    assert "nothing to assess" in (pages / "out" / "report.md").read_text()
    assert "nothing to assess" in (pages / "out" / "index.html").read_text()
    # with a health claim beside it, the page is graded again
    (pages / "hours.md").write_text(page + "\nOur infusions cure migraines.\n")
    graded = json.loads(cli("scan", "-f", "json", "hours.md").stdout)["documents"][0]
    assert graded["grade"] in "ABCDF" and graded["score"] is not None
    assert "CC301" in cli("check", "hours.md").stdout
