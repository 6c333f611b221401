"""`@frozen` records: dataclasses that pickle as their field values, unchanged in every other
way, so what crosses processes, the cache and the spool comes back equal."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from claimcheck import config, pipeline
from claimcheck.frozen import frozen
from claimcheck.model import DocumentResult, OffLabelRule

from .conftest import CORPUS


@frozen
class Point:
    x: int
    y: int = 0
    label: str = dataclasses.field(default="", compare=False)


@frozen
class Alone:
    only: tuple[int, ...]


@frozen
class Nothing:
    pass


class Named(Point):
    """A plain subclass: pickled through its own fields, as dataclasses do."""


def test_a_frozen_record_is_a_frozen_slots_dataclass():
    point = Point(1, 2, "a")
    assert dataclasses.is_dataclass(point) and not hasattr(point, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 3  # type: ignore[misc]
    assert Point(1) == Point(1, 0, "other") and hash(Point(1)) == hash(Point(1, 0))


@pytest.mark.parametrize("record", [Point(1, 2, "é"), Alone((1, 2, 3)), Nothing(),
                                    Named(4, 5, "sub")])
def test_a_record_comes_back_from_pickle_equal_and_of_its_class(record):
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        again = pickle.loads(pickle.dumps(record, protocol=protocol))
        assert type(again) is type(record) and again == record
        assert [getattr(again, f.name) for f in dataclasses.fields(record)] == \
            [getattr(record, f.name) for f in dataclasses.fields(record)]


def test_fields_set_after_init_come_back_without_running_init_again():
    rule = OffLabelRule(("ketamine",), ("depression",), "not approved")
    again = pickle.loads(pickle.dumps(rule))
    assert again == rule and again.treatment_re.pattern == rule.treatment_re.pattern
    assert again.condition_re.search("Depression") and not again.condition_re.search("PTSD")


def test_the_bundled_corpus_survives_a_pickle_round_trip_whole():
    """Every record of every bundled page (statements, decisions, attributions, sources,
    references) is equal after a round trip."""
    results = list(pipeline.stream(sorted(CORPUS.glob("*.txt")), config.Config()))
    assert len(results) == 5 and all(isinstance(r, DocumentResult) for r in results)
    for result in results:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        assert pickle.loads(data) == result

