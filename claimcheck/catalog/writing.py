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
    return _flow_map(values)


def _flow_map(values: dict) -> CommentedMap:
    mapping = CommentedMap(values)
    mapping.fa.set_flow_style()
    return mapping


def commented(entry: dict) -> CommentedMap:
    """An entry read by the C loader (plain dicts and lists) as the round-trip document
    would hold it had ruamel.yaml read the tool's layout: short lists and mappings in flow
    style, places a block list of flow mappings. A round-trip entry is returned as it is."""
    if isinstance(entry, CommentedMap):
        return entry
    shaped = CommentedMap()
    for key, value in entry.items():
        if isinstance(value, CommentedMap | CommentedSeq):
            shaped[key] = value
        elif key == "places" and isinstance(value, list):
            shaped[key] = CommentedSeq(_flow_map(p) if isinstance(p, dict) else p
                                       for p in value)
        elif isinstance(value, list):
            shaped[key] = flow(tuple(value))
        elif isinstance(value, dict):
            shaped[key] = _flow_map(value)
        else:
            shaped[key] = value
    return shaped
