"""SARIF 2.1.0: the rules with their help text, and one result per finding with its location
and a fingerprint from the claim id, so code-scanning tools follow a claim as text moves.
No timestamps: the same input gives the same bytes."""

from __future__ import annotations

import json

from claimcheck import installed_version
from claimcheck.gate import rules
from claimcheck.report import records

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(run: records.Records) -> str:
    codes = list(rules.RULES)
    results = []
    for f in run.findings:
        result = {
            "ruleId": f["code"],
            "ruleIndex": codes.index(f["code"]),
            "level": _LEVEL[f["level"]],
            "message": {"text": records.describe(f)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f["path"]},
                "region": {"startLine": f["line"], "startColumn": f["column"],
                           "endLine": f["end_line"], "endColumn": f["end_column"]},
            }}],
            "partialFingerprints": {"claimcheckClaimId/v1": f["claim_id"]
                                    or f"document:{f['path']}"},
        }
        if f["baselined"] or f["suppressed"]:
            result["suppressions"] = [{"kind": "inSource" if f["suppressed"] else "external",
                                       "justification": "suppressed by a comment"
                                       if f["suppressed"] else "in the baseline catalogue"}]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "claimcheck",
                "version": installed_version(),
                "informationUri": "https://github.com/claimcheck/claimcheck",
                "rules": [_rule(rule) for rule in rules.RULES.values()],
            }},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: rules.Rule) -> dict:
    help_text = (f"{rule.section('What')}\n\nWhy it matters: {rule.section('Why')}\n\n"
                 f"Example: {rule.section('Example')}\n\nWrite instead: {rule.section('Instead')}")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": rule.section("What")},
        "helpUri": rule.help_uri,
        "help": {"text": help_text, "markdown": rules.markdown(rule)},
        "defaultConfiguration": {"level": _LEVEL[rule.level]},
    }
