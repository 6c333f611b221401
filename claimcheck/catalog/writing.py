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


def places_of(entry: dict) -> list[tuple[str, int]]:
    return [(str(p["document"]), int(p["line"])) for p in entry.get("places") or []]


def order(entry: dict) -> tuple:
    """Where an entry stands in the catalogue: by its first place, then id; placeless last."""
    places = places_of(entry)
    return (0, *places[0], entry["id"]) if places else (1, "", 0, entry["id"])


def has_comment(node: object) -> bool:
    """Whether a person wrote a comment anywhere in a round-trip node."""
    notes = getattr(node, "ca", None)
    if notes is not None and (notes.comment or getattr(notes, "end", None)
                              or any(any(t) for t in notes.items.values())):
        return True
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return any(has_comment(child) for child in children)


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
    """An entry as the round-trip document would hold it had ruamel.yaml read the tool's
    layout: short lists and mappings in flow style, places a block list of flow mappings.
    The audit sets generated fields as plain lists and dicts (a round-trip mapping per place
    costs a kilobyte); an entry read by the C loader is plain throughout. A round-trip
    entry keeps its comments: only its plain values are replaced."""
    if isinstance(entry, CommentedMap):
        for key, value in list(entry.items()):
            shaped = _shaped(key, value)
            if shaped is not value:
                entry[key] = shaped
        return entry
    return CommentedMap((key, _shaped(key, value)) for key, value in entry.items())


def _shaped(key: str, value: object) -> object:
    if isinstance(value, CommentedMap | CommentedSeq):
        return value
    if key == "places" and isinstance(value, list):
        return CommentedSeq(_flow_map(p) if isinstance(p, dict) else p for p in value)
    if isinstance(value, list):
        return flow(tuple(value))
    if isinstance(value, dict):
        return _flow_map(value)
    return value
