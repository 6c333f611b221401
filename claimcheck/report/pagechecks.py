"""Page checks: the JAMA benchmark criteria a page's text can show (Silberg et al., 1997).

authorship (a byline or credential), attribution (a reference list or citations),
disclosure (ownership or sponsorship stated, or the publisher plainly sells the treatment it
praises: booking prompts, "our clinic", prices) and currency (a publication or update date).
Each check keeps the statement that satisfied it, or says it was not found.
"""

from __future__ import annotations

from functools import cache

from claimcheck import lexicons
from claimcheck.frozen import frozen
from claimcheck.model import DocumentResult

CRITERIA = ("authorship", "attribution", "disclosure", "currency")


@frozen
class Check:
    name: str
    found: bool
    snippet: str | None = None
    line: int | None = None


@cache
def _matcher() -> lexicons.Matcher:
    return lexicons.Matcher(("page", g) for g in ("authorship", "disclosure", "currency"))


def page(result: DocumentResult) -> tuple[Check, ...]:
    """The four checks for one document, in CRITERIA order."""
    found: dict[str, Check] = {}
    for analysis in result.analyses:
        statement = analysis.statement
        for key in _matcher().groups_in(statement.text):
            name = key.split(".", 1)[1]
            found.setdefault(name, Check(name, True, statement.text, statement.line))
        if "attribution" not in found and analysis.attribution.type == "citation":
            found["attribution"] = Check("attribution", True, analysis.attribution.text,
                                         statement.line)
    if "attribution" not in found and result.references:
        entry = result.references[0]
        line = result.text.count("\n", 0, entry.start) + 1 if result.text else None
        found["attribution"] = Check("attribution", True,
                                     f"a reference list of {len(result.references)} entries, "
                                     f"from {entry.label}", line)
    return tuple(found.get(name, Check(name, False)) for name in CRITERIA)
