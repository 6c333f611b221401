"""claimcheck check: rules (YAML cases per rule), policy, baseline, suppressions, --diff,
and every output format; SARIF validated against the official 2.1.0 schema."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from claimcheck import config, gate, pipeline
from claimcheck.cli import Exit
from claimcheck.evidence import registry
from claimcheck.gate import rules
from claimcheck.ingest import markdown, text
from claimcheck.report.build import document

from .conftest import CORPUS, PAGES, ROOT, golden

CASES = Path(__file__).parent / "rules"
SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json").read_text())


def codes_for(page: str, sources: registry.Registry = registry.EMPTY) -> set[str]:
    result = pipeline.analyse(text.parse("page.txt", page), config.DEFAULT, sources)
    outcome = gate.evaluate([document(result)], config.Policy(), frozenset())
    return {f.code for f in outcome.active}


def test_every_rule_has_cases_that_pass_and_fail():
    for code in rules.RULES:
        path = CASES / f"{code}.yaml"
        assert path.exists(), f"rule {code} has no YAML cases (tests/rules/{code}.yaml)"
        cases = yaml.safe_load(path.read_text())
        assert cases["rule"] == code
        assert cases.get("fail") and cases.get("pass"), f"{code} needs pass and fail cases"


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        cases = yaml.safe_load(path.read_text())
        for expected in ("fail", "pass"):
            for page in cases[expected]:
                yield pytest.param(cases["rule"], expected, page, cases.get("registry"),
                                   id=f"{cases['rule']}-{expected}-{page[:30]}")


@pytest.mark.parametrize(("code", "expected", "page", "sources"), list(_cases()))
def test_rule_case(code, expected, page, sources, tmp_path):
    loaded = registry.EMPTY
    if sources:
        (tmp_path / "sources.yaml").write_text(sources)
        loaded = registry.load(tmp_path / "sources.yaml")
    found = codes_for(page, loaded)
    assert (code in found) is (expected == "fail"), found


def test_rule_docs_have_every_section_and_the_readme_table_is_generated_from_them():
    for rule in rules.RULES.values():
        for section in ("What", "Why", "Example", "Instead"):
            assert rule.section(section), f"{rule.code} lacks {section}"
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- rules:start -->\n", 1)[1].split("\n<!-- rules:end -->", 1)[0]
    assert table == rules.markdown_table(), \
        "README rule table is stale: python -m claimcheck.gate.rules"
    assert (ROOT / "docs" / "rules.md").read_text() == rules.markdown_page(), \
        "docs/rules.md is stale: claimcheck rule --all --format md > docs/rules.md"
    for rule in rules.RULES.values():  # every anchor the README and SARIF link to exists
        assert f"\n## {rule.code} {rule.name}\n" in rules.markdown_page()


def test_unknown_rule_fails_clearly():
    with pytest.raises(KeyError, match="no rule 'CC999'"):
        rules.get("CC999")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CORPUS, tmp_path / "corpus" / "ketamine-ptsd")
    for name in ("pyproject.toml", "claims.yaml", "sources.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


NEW_CLAIM = "Our treatment cures PTSD in 95% of patients."
PAGE = "corpus/ketamine-ptsd/midland-clinic-how-ketamine-treats-ptsd.txt"


def _add_claim(site: Path) -> int:
    path = site / PAGE
    body = path.read_text()
    path.write_text(body + ("" if body.endswith("\n") else "\n") + NEW_CLAIM + "\n")
    return len(path.read_text().splitlines())


def test_bundled_corpus_passes_with_its_catalogue(cli, site):
    result = cli("check", "--format", "table")
    assert result.exit_code == Exit.OK, result.stdout
    assert "passed:" in result.stdout


def test_a_new_unsourced_statistic_fails_with_a_github_annotation(cli, site, monkeypatch):
    line = _add_claim(site)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = cli("check")  # auto picks github under Actions
    assert result.exit_code == Exit.POLICY
    annotation = next(l for l in result.stdout.splitlines() if l.startswith("::error"))
    assert annotation.startswith(f"::error file={PAGE},line={line},endLine={line},col=1,")
    assert "title=CC101 unsourced-statistic::" in annotation
    assert NEW_CLAIM.replace("%", "%25") in annotation


def test_sarif_validates_against_the_official_schema(cli, site):
    _add_claim(site)
    result = cli("check", "--format", "sarif")
    assert result.exit_code == Exit.POLICY
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(rules.RULES)
    failing = [r for r in run["results"] if "suppressions" not in r and r["level"] == "error"]
    assert failing[0]["ruleId"] == "CC101"
    assert failing[0]["partialFingerprints"]["claimcheckClaimId/v1"].startswith("c-")
    assert any("suppressions" in r for r in run["results"])  # baselined findings are kept
    assert "Time" not in result.stdout  # no timestamps
    assert cli("check", "--format", "sarif").stdout == result.stdout


def test_json_and_markdown_outputs(cli, site):
    _add_claim(site)
    data = json.loads(cli("check", "--format", "json").stdout)
    assert data["summary"]["failed"] is True and data["summary"]["error"] == 1
    new = [f for f in data["findings"] if not f["baselined"] and f["code"] == "CC101"]
    assert new[0]["text"] == NEW_CLAIM
    md = cli("check", "--format", "md").stdout
    assert md.startswith("## claimcheck: the policy fails")


def test_baseline_option_and_empty_baseline(cli, site, tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("claims: []\n")
    assert cli("check", "--baseline", str(empty), "-f", "table").exit_code == Exit.POLICY
    assert cli("check", "--baseline", "claims.yaml", "-f", "table").exit_code == Exit.OK


def test_policy_configuration_changes_levels_and_disables_rules(cli, site):
    _add_claim(site)
    pyproject = site / "pyproject.toml"
    base = pyproject.read_text()
    pyproject.write_text(base + '\n[tool.claimcheck.check]\ndisable = ["CC101"]\n')
    assert cli("check", "-f", "table").exit_code == Exit.OK
    pyproject.write_text(base + '\n[tool.claimcheck.check]\nlevels = {CC101 = "warning"}\n')
    assert cli("check", "-f", "table").exit_code == Exit.OK
    pyproject.write_text(base + '\n[tool.claimcheck.check]\nlevels = {CC101 = "warning"}\nfail-on = "warning"\n')
    assert cli("check", "-f", "table").exit_code == Exit.POLICY
    pyproject.write_text(base + '\n[tool.claimcheck.check]\nper-path-ignores = {"corpus/ketamine-ptsd/midland*" = ["CC101"]}\n')
    assert cli("check", "-f", "table").exit_code == Exit.OK


@pytest.mark.parametrize(("snippet", "message"), [
    ('fail-on = "loud"', "check.fail-on must be one of info, warning, error"),
    ('disable = ["CC999"]', "check.disable: no rule 'CC999'"),
    ('min-score = 120', "check.min-score must be a number from 0 to 100"),
    ('levels = {CC101 = "fatal"}', "check.levels.CC101 must be one of"),
    ('colour = "red"', "check: unknown key 'colour'"),
])
def test_bad_policy_is_one_line_and_exit_2(cli, site, snippet, message):
    pyproject = site / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + f"\n[tool.claimcheck.check]\n{snippet}\n")
    result = cli("check")
    assert result.exit_code == Exit.ERROR
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_markdown_and_html_suppressions():
    page = ("# Page\n\n<!-- claimcheck-disable-next-line CC201 -->\nThis breakthrough helps.\n\n"
            "This breakthrough heals.\n\n<!-- claimcheck off -->\nOur revolutionary cure works.\n"
            "<!-- claimcheck on -->\n\n<!-- claimcheck-disable-next-line CC104 -->\n"
            "This game-changer works.\n")
    result = pipeline.analyse(markdown.parse("p.md", page), config.DEFAULT)
    outcome = gate.evaluate([document(result)], config.Policy(), frozenset())
    hype = {f.text: f.suppressed for f in outcome.findings if f.code == "CC201"}
    assert hype == {"This breakthrough helps.": True, "This breakthrough heals.": False,
                    "Our revolutionary cure works.": True, "This game-changer works.": False}
    from claimcheck.ingest import html

    page = ("<p>This breakthrough heals.</p><!-- claimcheck-disable-next-line -->"
            "<p>This breakthrough helps.</p>")
    result = pipeline.analyse(html.parse("p.html", page), config.DEFAULT)
    found = gate.evaluate([document(result)], config.Policy(), frozenset()).findings
    suppressed = {f.text: f.suppressed for f in found}
    assert suppressed["This breakthrough heals."] is False
    assert suppressed["This breakthrough helps."] is True


def test_diff_restricts_findings_to_changed_lines(cli, site):
    def git(*args):
        subprocess.run(["git", *args], cwd=site, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    empty = site / "empty.yaml"
    empty.write_text("claims: []\n")
    assert cli("check", "--diff", "HEAD", "--baseline", str(empty), "-f", "json").exit_code == Exit.OK
    line = _add_claim(site)
    result = cli("check", "--diff", "HEAD", "--baseline", str(empty), "-f", "json")
    assert result.exit_code == Exit.POLICY
    findings = json.loads(result.stdout)["findings"]
    assert {(f["path"], f["line"]) for f in findings} == {(PAGE, line)}
    bad = cli("check", "--diff", "no-such-ref")
    assert bad.exit_code == Exit.ERROR and bad.stderr.startswith("claimcheck: error: --diff:")


def test_check_never_writes(cli, site):
    _add_claim(site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    cli("check")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(("fmt", "name"), [("sarif", "pages-check.sarif"),
                                           ("github", "pages-check-github.txt"),
                                           ("json", "pages-check.json")])
def test_check_output_golden(cli, tmp_path, monkeypatch, fmt, name):
    shutil.copytree(PAGES, tmp_path / "pages")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--format", fmt, "pages")
    assert result.exit_code == Exit.POLICY, result.stderr
    golden(name, result.stdout)


STARTUP_HEAVY = ("pydantic", "pandas", "numpy", "pyarrow", "jinja2", "requests", "filelock",
                 "dask", "trafilatura", "docx", "pdfminer", "lxml")


def test_checking_a_page_imports_nothing_heavy(tmp_path):
    """`check` of one page is a pre-commit hook's cost: the libraries only reports, the web,
    writes or other formats need stay unimported (typer >= 0.29 would bring pydantic)."""
    page = tmp_path / "page.md"
    page.write_text("Our therapy cures anxiety in 9 of 10 patients.\n", encoding="utf-8")
    probe = ("import sys, runpy\n"
             "sys.argv = ['claimcheck', 'check', 'page.md']\n"
             "try:\n    runpy.run_module('claimcheck.cli', run_name='__main__')\n"
             "except SystemExit as exc:\n    code = exc.code\n"
             f"heavy = sorted(m for m in {STARTUP_HEAVY!r} if m in sys.modules)\n"
             "print('exit', code, 'heavy', ' '.join(heavy) or '-', file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "exit 1 heavy -", done.stderr
