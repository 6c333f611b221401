"""How claims.yaml is written: its header and the flow style of its short fields."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

HEADER = """\
# claimcheck claims library: every claim found in the audited documents, one entry per claim.
# `claimcheck audit` keeps the generated fields up to date. The `review` block of a claim is
# yours: verdict (approved, contradicted, unverifiable, needs-source, not-a-claim), sources
# (ids in sources.yaml), note, reviewer, date, and the history of earlier reviews. No run
# changes it or drops a reviewed claim.
"""


def set_value(entry: CommentedMap, key: str, value: object) -> None:
    """Set a key only when its value changes, so unchanged entries keep their exact bytes."""
    if entry.get(key) != value or key not in entry:
        entry[key] = value


def flow(values: tuple[str, ...]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def flow_map(**values: object) -> CommentedMap:
    mapping = CommentedMap(values)
    mapping.fa.set_flow_style()
    return mapping
