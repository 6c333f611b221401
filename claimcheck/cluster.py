"""The Dask engine (`--engine dask [--scheduler ADDRESS]`): the same analysis on a Dask
cluster, for corpora one machine cannot take in time.

The documents become a dask.bag, a partition of documents per task; each worker reads and
analyses its documents exactly as one process does (pipeline._read_and_analyse), so the
results are the same objects, byte for byte, and they come back in input order, each task's
released once the client has passed it on (a finished task waits on its worker until then).
What every task needs (configuration, registry, reviews) is scattered to the workers once.
The client then merges the catalogue and writes the reports from that one ordered stream,
as the local engine does. Files are read where the workers run (a cluster needs the corpus on a shared
file system, as `dask.bag.read_text` does); standard input and web pages are read by the
client (one reader of the terminal, one writer of the page cache) and sent as bytes.

Without a scheduler address a LocalCluster of `workers` processes is started for the run
and closed after it. Dask is an optional extra: `pip install 'claimcheck[dask]'`.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck import ingest
from claimcheck.model import InputProblem

if TYPE_CHECKING:
    from claimcheck.catalog import Library
    from claimcheck.config import Config
    from claimcheck.evidence.registry import Registry
    from claimcheck.incremental import AnalysisCache
    from claimcheck.pipeline import Finish

PARTITION = 64
"""Documents per task, at most: enough to outweigh a task's overhead, few enough to keep
every worker busy to the end."""
WINDOW = 4
"""Tasks per worker, at least, when the corpus is small."""


class EngineError(Exception):
    """The Dask engine cannot run: not installed, or no scheduler at the address."""


@dataclass(frozen=True)
class Dask:
    """Where the Dask engine runs: a scheduler's address, or a local cluster of `workers`."""

    scheduler: str | None = None
    workers: int = 1


def stream(items: Iterable[Path | str | ingest.Stdin | InputProblem], engine: Dask,
           config: Config, registry: Registry, library: Library,
           cache: AnalysisCache | None, finish: Finish | None = None) -> Iterator[Any]:
    """Results and input problems in input order, analysed on the cluster (each result
    passed through `finish` on its worker, as pipeline.stream says)."""
    try:
        import dask
        import dask.bag
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the dask engine needs Dask: pip install 'claimcheck[dask]'") \
            from None
    from claimcheck.pipeline import fetcher_for

    fetcher = None
    work: list[_File | ingest.Raw | InputProblem] = []
    for item in items:
        if isinstance(item, InputProblem):
            work.append(item)
            continue
        if isinstance(item, Path):
            work.append(_File(str(item.absolute()), ingest.display_path(item)))
            continue
        fetcher = fetcher or fetcher_for(config)
        try:
            work.append(ingest.load(item, fetcher))
        except ingest.InputError as exc:
            work.append(exc.problem)
    if not work:
        return
    cluster = None
    try:
        if engine.scheduler is None:
            cluster = LocalCluster(n_workers=engine.workers, threads_per_worker=1,
                                   processes=True, dashboard_address=":0",
                                   silence_logs=logging.ERROR)
        client = Client(cluster or engine.scheduler, timeout="30s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler at {engine.scheduler}: "
                          f"{exc}") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = max(1, min(PARTITION, -(-len(work) // (workers * WINDOW))))
        # What every task needs goes to the workers once, not with every task.
        shared = client.scatter((config, registry, library, cache, finish), broadcast=True,
                                hash=False)
        bag = dask.bag.from_sequence(work, partition_size=size)
        pending = deque(client.compute(bag.map_partitions(_analyse, shared).to_delayed()))
        while pending:
            part = pending.popleft()
            yield from part.result()
            part.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@dataclass(frozen=True)
class _File:
    """A file to read on a worker: where it is, and its name as the client shows it."""

    path: str
    shown: str


def _analyse(part: list, shared: tuple) -> list[Any]:
    """One partition, on a worker: each document read and analysed as one process does."""
    from claimcheck.pipeline import _read_and_analyse

    config, registry, library, cache, finish = shared
    done: list[Any] = []
    for item in part:
        if isinstance(item, _File):
            try:
                item = ingest.load(Path(item.path), shown=item.shown)
            except ingest.InputError as exc:
                done.append(exc.problem)
                continue
        done.append(item if isinstance(item, InputProblem)
                    else _read_and_analyse(item, None, config, registry, library, cache, finish))
    return done
