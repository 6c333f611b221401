"""A run's documents kept on disk, not in memory, so an audit's memory does not grow with
the corpus: each judged document is pickled into one temporary file as it arrives, and read
back one at a time, as often as a report needs to go over them.

A `Spool` is a sequence (len, iteration, indexing) whose items are read on demand; a `View`
is the same sequence seen through a function (each document's records, its result), worked
out afresh on every read, so nothing of it is kept. Several iterations may run at once
(every read names its own offset).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, overload

T = TypeVar("T")
U = TypeVar("U")


class Spool(Sequence[T]):
    """Items pickled into an unnamed temporary file, read back on demand."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="claimcheck-")  # noqa: SIM115 (the spool owns it)
        self._spans: list[tuple[int, int]] = []
        self._end = 0

    def append(self, item: T) -> None:
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        self._spans.append((self._end, len(data)))
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._read(span) for span in self._spans[index]]
        return self._read(self._spans[index])

    def __iter__(self) -> Iterator[T]:
        for span in list(self._spans):
            yield self._read(span)

    def _read(self, span: tuple[int, int]) -> T:
        offset, size = span
        self._file.seek(offset)  # each read seeks first, so readers never disturb each other
        return pickle.loads(self._file.read(size))

    def __getstate__(self) -> dict:
        raise TypeError("a Spool lives in this process's temporary file; it is not sent")


class View(Sequence[U], Generic[T, U]):
    """A sequence seen through `function`, worked out on every read."""

    def __init__(self, items: Sequence[T], function: Callable[[T], U]) -> None:
        self._items, self._function = items, function

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._function(item) for item in self._items[index]]
        return self._function(self._items[index])

    def __iter__(self) -> Iterator[U]:
        for item in self._items:
            yield self._function(item)
