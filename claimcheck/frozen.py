"""`@frozen`: the pipeline's records, `@dataclass(frozen=True, slots=True)` pickled as the tuple
of their field values.

Records cross processes (--jobs, Dask), fill the analysis cache and the run's spool, so an audit
pickles and unpickles hundreds of thousands of them. A frozen slots dataclass pickles through
dataclasses' `__getstate__`/`__setstate__`, which look the fields up again for every object;
here each class's field getter and slot setters are found once, which makes a document's
records pickle about three times and unpickle about twice as fast. The objects are the same:
rebuilt field by field, as `__setstate__` does, without running `__init__`.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

_SETTERS: dict[type, tuple[Callable[[Any, Any], None], ...]] = {}


@dataclass_transform(frozen_default=True)
def frozen(cls: type[T]) -> type[T]:
    made: Any = dataclasses.dataclass(frozen=True, slots=True)(cls)
    names = tuple(f.name for f in dataclasses.fields(made))
    _SETTERS[made] = tuple(made.__dict__[name].__set__ for name in names)
    values = _getter(names)

    def __reduce__(self: Any) -> tuple:
        if type(self) is not made:  # a subclass: its own fields, looked up as dataclasses do
            return _rebuilt_slowly, (type(self), tuple(
                (f.name, getattr(self, f.name)) for f in dataclasses.fields(self)))
        return _rebuilt, (made, values(self))

    made.__reduce__ = __reduce__
    return made


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        get = operator.attrgetter(names[0])
        return lambda record: (get(record),)
    return lambda _record: ()


def _rebuilt(cls: type[T], values: tuple) -> T:
    record = object.__new__(cls)
    for setter, value in zip(_SETTERS[cls], values, strict=True):
        setter(record, value)
    return record


def _rebuilt_slowly(cls: type[T], items: tuple[tuple[str, Any], ...]) -> T:
    record = object.__new__(cls)
    for name, value in items:
        object.__setattr__(record, name, value)
    return record
