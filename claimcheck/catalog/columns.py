"""The generated part of a large catalogue as a Parquet dataset beside claims.yaml.

claims.yaml is the people's file: the reviewed claims (and any entry someone wrote a comment
in) always stay there. Beyond AUTO_PLACES places, or with `catalog-format: parquet`, the
generated claims are written instead to `claims.parquet/` (named after the catalogue), a
folder of `part-NNNNN.parquet` files of at most ROWS claims each that pandas
(`pd.read_parquet("claims.parquet")`), Dask (`dd.read_parquet`) and pyarrow read as one
table, one row per claim:

    id, text, status: string; kinds, flags, sources: list of string;
    places: list of {document: string, line: int64};
    attribution: {type, text: string}; library: {id, match: string, similarity: double}

A missing field is null. The bytes follow from the rows alone (no time, no path), so an
audit that changes nothing leaves the files as they were. A new dataset is written into a
fresh folder that then takes the old one's place: a reader sees the old dataset or the new,
never half of each. Reading and writing need pyarrow (`pip install 'claimcheck[parquet]'`),
imported only when a dataset is there or wanted.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from claimcheck import yamlfile

FORMATS = ("auto", "yaml", "parquet")
AUTO_PLACES = 50_000
"""With `catalog-format: auto`, the generated claims go to Parquet once they hold more places
than this (a claims.yaml of about 4 MB), if pyarrow is installed."""
ROWS = 50_000
"""Claims per part file (Dask reads each part as one partition)."""
GROUP = 5_000
"""Claims per row group: made into a table, and written, at a time."""
_READ = 1_000
"""Claims turned into Python values at a time."""
_PART = "part-{:05d}.parquet"
_REMEDY = "pip install 'claimcheck[parquet]'"


def folder(catalog: Path) -> Path:
    """The dataset that goes with a catalogue: claims.yaml -> claims.parquet."""
    return catalog.with_suffix(".parquet")


def available() -> bool:
    return importlib.util.find_spec("pyarrow") is not None


def wanted(fmt: str, entries: Sequence[dict]) -> bool:
    """Whether `entries` (the generated ones) are written to Parquet."""
    if fmt == "yaml":
        return False
    if fmt == "parquet":
        return True
    if not available():
        return False
    places = 0
    for entry in entries:
        places += len(entry.get("places") or ())
        if places > AUTO_PLACES:
            return True
    return False


def parts(dataset: Path) -> list[Path]:
    """The dataset's part files in order (none when there is no dataset)."""
    if not dataset.is_dir():
        return []
    return sorted(p for p in dataset.iterdir() if p.name.startswith("part-")
                  and p.suffix == ".parquet")


def _arrow(error: type[yamlfile.YamlFileError], where: Path):
    if not available():
        raise error(where, f"the Parquet catalogue needs pyarrow: {_REMEDY}")
    import pyarrow as pa

    place = pa.struct([("document", pa.string()), ("line", pa.int64())])
    names = pa.list_(pa.string())
    schema = pa.schema([
        ("id", pa.string()), ("text", pa.string()), ("places", pa.list_(place)),
        ("kinds", names), ("flags", names),
        ("attribution", pa.struct([("type", pa.string()), ("text", pa.string())])),
        ("status", pa.string()), ("sources", names),
        ("library", pa.struct([("id", pa.string()), ("match", pa.string()),
                               ("similarity", pa.float64())])),
    ])
    return pa, schema


KEYS = ("id", "text", "places", "kinds", "flags", "attribution", "status", "sources", "library")
"""The fields a generated entry may have: an entry with any other stays in claims.yaml."""


def read(dataset: Path, error: type[yamlfile.YamlFileError]) -> Iterator[tuple[Path, dict]]:
    """Each claim of the dataset as a catalogue entry (null fields left out, status kept),
    with the part it came from; a part that is not such a table is one `error` naming it."""
    files = parts(dataset)
    if not files:
        return
    pa, schema = _arrow(error, dataset)
    import pyarrow.parquet as pq

    for part in files:
        try:
            table = pq.ParquetFile(part, pre_buffer=False)
            found = table.schema_arrow
            if found.equals(schema):
                batches = table.iter_batches(batch_size=_READ, use_threads=False)
                for batch in batches:
                    for row in batch.to_pylist():
                        yield part, _entry(row)
        except (OSError, pa.ArrowException) as exc:
            raise error(part, f"not a readable Parquet file ({str(exc)[:200]})") from None
        if not found.equals(schema):
            types = {f.name: f.type for f in found}
            wrong = next((f.name for f in schema if types.get(f.name) != f.type), None)
            raise error(part, f"not a claimcheck catalogue: column {wrong!r} is missing or "
                              f"of another type" if wrong else
                              "not a claimcheck catalogue: unknown columns")


def _entry(row: dict) -> dict:
    entry = {k: v for k, v in row.items() if v is not None or k == "status"}
    for place in entry.get("places") or ():
        place["document"] = sys.intern(place["document"])  # a page's claims share its name
    for key in ("attribution", "library"):
        if key in entry:
            entry[key] = {k: v for k, v in entry[key].items() if v is not None}
    return entry


def write(dataset: Path, entries: Sequence[dict], error: type[yamlfile.YamlFileError]) -> bool:
    """Write the generated entries as the dataset, unless it already holds exactly these
    bytes. Returns whether anything was written."""
    pieces = list(_encoded(entries, error, dataset))
    files = parts(dataset)
    if len(files) == len(pieces) and all(
            f.name == _PART.format(i) and f.stat().st_size == len(p) and f.read_bytes() == p
            for i, (f, p) in enumerate(zip(files, pieces, strict=True))):
        return False
    fresh = None
    try:
        dataset.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{dataset.name}.", suffix=".tmp",
                                      dir=dataset.parent))
        os.chmod(fresh, _mode(dataset))
        for index, piece in enumerate(pieces):
            with open(fresh / _PART.format(index), "wb") as out:
                out.write(piece)
                out.flush()
                os.fsync(out.fileno())
        _replace(fresh, dataset)
    except OSError as exc:
        raise error(dataset, f"cannot write: {exc.strerror or exc}") from None
    finally:
        if fresh is not None and fresh.exists():
            shutil.rmtree(fresh, ignore_errors=True)
    return True


def _encoded(entries: Sequence[dict], error: type[yamlfile.YamlFileError],
             dataset: Path) -> Iterator[bytes]:
    pa, schema = _arrow(error, dataset)
    import pyarrow.parquet as pq

    for first in range(0, max(len(entries), 1), ROWS):
        sink = pa.BufferOutputStream()
        with pq.ParquetWriter(sink, schema, compression="zstd", store_schema=False) as out:
            part = entries[first:first + ROWS]
            for start in range(0, max(len(part), 1), GROUP):
                rows = [{k: entry.get(k) for k in KEYS} for entry in part[start:start + GROUP]]
                out.write_table(pa.Table.from_pylist(rows, schema=schema))
        yield sink.getvalue().to_pybytes()


def _mode(dataset: Path) -> int:
    """The folder's permissions, or what a new folder gets (mkdtemp's are 0700)."""
    if dataset.is_dir():
        return dataset.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _replace(fresh: Path, dataset: Path) -> None:
    """Put the folder `fresh` where `dataset` is, the old one removed."""
    if not dataset.exists():
        os.replace(fresh, dataset)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dataset.name}.", suffix=".old", dir=dataset.parent))
    try:
        os.replace(dataset, old / dataset.name)
        try:
            os.replace(fresh, dataset)
        except OSError:
            os.replace(old / dataset.name, dataset)
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def remove(dataset: Path, error: type[yamlfile.YamlFileError]) -> bool:
    """Remove the dataset (its claims are now in claims.yaml). Returns whether one was there."""
    if not dataset.is_dir():
        return False
    try:
        for part in parts(dataset):
            part.unlink()
    except OSError as exc:
        raise error(dataset, f"cannot remove: {exc.strerror or exc}") from None
    try:
        dataset.rmdir()
    except OSError:
        pass  # something else is in it: left there, no part of the catalogue
    return True
