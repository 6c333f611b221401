"""The rules of `claimcheck check`: each a stable code and name, a default level, a one-line
message and documentation (what it catches, why it matters, an example, what to write
instead), declared next to its logic. The README's rule table and docs/rules.md are
generated from them (`python -m claimcheck.gate.rules` prints the table, `claimcheck rule --all
--format md` the page), and a test fails if either drifts apart from the rules.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from claimcheck.model import Analysis
from claimcheck.vocab import Status

LEVELS = ("info", "warning", "error")
DOCS = "https://github.com/claimcheck/claimcheck/blob/main/docs/rules.md"
"""The rules' documentation page (docs/rules.md); SARIF's helpUri points into it."""
SECTIONS = {"What": "What it catches", "Why": "Why it matters", "Example": "Example",
            "Instead": "Write instead"}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    level: str
    message: str
    test: Callable[[Analysis], bool] | None
    """Whether a claim breaks the rule; None for the document-level rule."""

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.test.__doc__ if self.test else _document_score.__doc__)

    @property
    def anchor(self) -> str:
        """The fragment GitHub gives this rule's heading in docs/rules.md."""
        return f"{self.code}-{self.name}".lower()

    @property
    def help_uri(self) -> str:
        return f"{DOCS}#{self.anchor}"

    def section(self, heading: str) -> str:
        """One paragraph of the documentation: "What", "Why", "Example" or "Instead"."""
        for block in self.doc.split("\n\n"):
            if block.startswith(f"{heading}:"):
                return " ".join(block[len(heading) + 1:].split())
        return ""


def unsourced_statistic(a: Analysis) -> bool:
    """What: a number given as a finding (a percentage, a count, a time to effect) with no
    source at all.

    Why: figures are what readers remember and repeat; an unsourced one cannot be checked.

    Example: "Our treatment helps 85% of patients within two hours."

    Instead: cite the study the figure comes from, or remove the figure.
    """
    return a.status == Status.UNSOURCED and "statistic" in a.decision.kinds


def unverifiable_attribution(a: Analysis) -> bool:
    """What: a claim credited to a named source that identifies no findable work: "a Yale
    study (2021)", "a meta-analysis in JAMA Psychiatry", and no registry entry matches.

    Why: naming a prestigious institution or journal borrows its authority; if the study
    cannot be found, the claim only looks sourced.

    Example: "Harvard University Study (2020): 90% of patients slept better."

    Instead: cite the actual publication (authors, year, journal, DOI), or drop the attribution.
    """
    return a.status == Status.UNVERIFIABLE


def contradicted_claim(a: Analysis) -> bool:
    """What: a claim that a reviewer, or the registry (a retracted source), says the evidence
    contradicts.

    Why: publishing a claim known to be false misleads patients.

    Example: "Benzodiazepines are not addictive when used as prescribed." (their labels warn
    of abuse and dependence)

    Instead: state what the evidence says, with its source.
    """
    return a.status == Status.CONTRADICTED


def vague_attribution(a: Analysis) -> bool:
    """What: an appeal to evidence in general: "studies show", "research has found",
    "scientifically proven", with no work named.

    Why: it sounds like evidence but gives the reader nothing to check.

    Example: "Research shows that infusions relieve anxiety within hours."

    Instead: name and cite the research, or say plainly that the claim is unproven.
    """
    return a.status == Status.VAGUE


def self_reported_evidence(a: Analysis) -> bool:
    """What: a claim whose only evidence is the publisher's own experience: "our patients
    report", "at our clinic we've observed".

    Why: a seller's own outcomes are unaudited and selected; they are marketing, not evidence.

    Example: "At our clinic, 80% of patients report significant improvement."

    Instead: cite independent evidence, or present the figure as the clinic's own unaudited data.
    """
    return a.status == Status.SELF_REPORTED


def hype(a: Analysis) -> bool:
    """What: promotional superlatives: "game-changer", "breakthrough", "revolutionary",
    "life-changing", "miracle".

    Why: hype inflates expectations that no study supports.

    Example: "This breakthrough therapy is a game-changer for depression."

    Instead: describe what the treatment does and how well, in plain words.
    """
    return "hype" in a.decision.flags


def absolute_safety_claim(a: Analysis) -> bool:
    """What: certainty about safety: "completely safe", "no side effects", "not addictive".

    Why: every treatment has risks; denying them can harm patients who rely on the claim.

    Example: "The infusion is completely safe and has no side effects."

    Instead: list the known side effects and risks, with their source.
    """
    return "absolute" in a.decision.flags and "safety" in a.decision.kinds


def _document_score() -> None:
    """What: a document whose reliability score (0-100, see the README's formula) is below
    the policy's minimum (`min-score`, default 40). A page with nothing to assess (no claim
    of high or medium check-worthiness) has no score and never fails it.

    Why: a page mostly made of unsourced and vague claims misleads even when each claim alone
    looks minor.

    Example: a clinic page with thirty unsourced efficacy claims and no references (score 2).

    Instead: source the high check-worthiness claims first: they weigh most in the score.
    """


RULES: dict[str, Rule] = {rule.code: rule for rule in (
    Rule("CC101", "unsourced-statistic", "error", "unsourced statistic: cite where the figure "
         "comes from", unsourced_statistic),
    Rule("CC102", "unverifiable-attribution", "error", "credited to a source no one can find: "
         "cite the actual publication", unverifiable_attribution),
    Rule("CC103", "contradicted-claim", "error", "the evidence contradicts this claim",
         contradicted_claim),
    Rule("CC104", "vague-attribution", "warning", "vague appeal to evidence: name the research",
         vague_attribution),
    Rule("CC105", "self-reported-evidence", "warning", "rests on the publisher's own "
         "experience: cite independent evidence", self_reported_evidence),
    Rule("CC201", "hype", "warning", "promotional superlative", hype),
    Rule("CC202", "absolute-safety-claim", "error", "absolute safety claim: state the known "
         "risks", absolute_safety_claim),
    Rule("CC301", "document-score-below-threshold", "warning", "document reliability score "
         "below the minimum", None),
)}


def get(code: str) -> Rule:
    try:
        return RULES[code]
    except KeyError:
        raise KeyError(f"no rule {code!r} (rules: {', '.join(RULES)})") from None


def find(name: str) -> Rule:
    """A rule by its code or its name, in any case."""
    wanted = name.strip().lower()
    for rule in RULES.values():
        if wanted in (rule.code.lower(), rule.name):
            return rule
    raise KeyError(f"no rule {name!r} (rules: {', '.join(RULES)})")


def expand(selectors: Iterable[str]) -> frozenset[str]:
    """The codes a list of selectors names: codes (CC102), code prefixes (CC1: CC101-CC105,
    CC: all) or names (hype), each item possibly comma-separated as ruff takes them."""
    codes: set[str] = set()
    for item in selectors:
        for selector in filter(None, (s.strip() for s in item.split(","))):
            upper = selector.upper()
            matched = [c for c in RULES if c.startswith(upper)] or \
                [r.code for r in RULES.values() if r.name == selector.lower()]
            if not matched:
                raise KeyError(f"no rule {selector!r} (rules: {', '.join(RULES)}; a prefix "
                               f"such as CC1 names a group)")
            codes.update(matched)
    return frozenset(codes)


def markdown_table() -> str:
    """The README's rule table, generated from the rules' documentation."""
    rows = ["| code | name | level | what it catches | why it matters | example | write instead |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for rule in RULES.values():
        cells = [f"[{rule.code}](docs/rules.md#{rule.anchor})", rule.name, rule.level,
                 *(rule.section(s) for s in SECTIONS)]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


def markdown(rule: Rule) -> str:
    """One rule's section of docs/rules.md."""
    parts = [f"## {rule.code} {rule.name}", f"Default level: **{rule.level}**. Message: "
             f"\"{rule.message}\"."]
    parts += [f"**{title}.** {rule.section(key)}" for key, title in SECTIONS.items()]
    parts.append(f"Turn it off with `disable = [\"{rule.code}\"]` in `[tool.claimcheck.check]`, "
                 f"on one line with `<!-- claimcheck-disable-next-line {rule.code} -->`, or for "
                 f"one run with `claimcheck check --ignore {rule.code}`.")
    return "\n\n".join(parts) + "\n"


def markdown_page() -> str:
    """docs/rules.md: every rule's documentation, generated (`claimcheck rule --all --format
    md`)."""
    index = "\n".join(f"- [{r.code} {r.name}](#{r.anchor}) ({r.level}): {r.message}"
                      for r in RULES.values())
    head = ("# claimcheck rules\n\n"
            "<!-- generated by `claimcheck rule --all --format md`; edit the rules' "
            "docstrings in claimcheck/gate/rules.py, not this file -->\n\n"
            "Each rule of `claimcheck check` has a stable code and name, a default level and "
            "the documentation below. Levels, `disable`, `per-path-ignores` and `fail-on` are "
            "set in the policy (README: claimcheck check); `--select`, `--ignore` and "
            "`--fail-on` override it for one run.\n\n" + index + "\n")
    return head + "".join("\n" + markdown(rule) for rule in RULES.values())


def text(rule: Rule, width: int = 88) -> str:
    """One rule's documentation for the terminal (`claimcheck rule CC102`)."""
    width = max(40, min(width, 100))

    def fill(paragraph: str) -> str:
        return textwrap.fill(paragraph, width, initial_indent="  ", subsequent_indent="  ")

    parts = [f"{rule.code} {rule.name} ({rule.level})", fill(rule.message)]
    parts += [f"{title}:\n{fill(rule.section(key))}" for key, title in SECTIONS.items()]
    parts.append(f"Documentation:\n  {rule.help_uri}")
    return "\n\n".join(parts) + "\n"


def record(rule: Rule) -> dict:
    """One rule as JSON (`claimcheck rule --format json`)."""
    return {"code": rule.code, "name": rule.name, "level": rule.level, "message": rule.message,
            **{title.lower().replace(" ", "_"): rule.section(key)
               for key, title in SECTIONS.items()},
            "help_uri": rule.help_uri}


if __name__ == "__main__":
    print(markdown_table())
