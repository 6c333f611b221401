"""Scale: all cores and the analysis cache, `python benchmarks/scale.py [--mb 5]`.

Builds a corpus of --mb megabytes (benchmarks/speed.py's varied copies of the bundled pages)
in a temporary project, then times whole `claimcheck` processes, as a user runs them:

- `scan --format json` with --jobs 1 and --jobs 2: seconds, MB/s and the speed-up
  (target: >= 1.7x at 2 jobs on a 2-core machine), outputs compared byte for byte, beside
  its peer: the same pure-Python arithmetic in one and in two processes, what this machine's
  cores give any Python program at that moment (a shared machine gives less than 2x);
- `audit`: a first run (cold cache), the same again (nothing changed; target <= 10% of the
  first), and again after one file changed (target: about one file plus the catalogue
  write), with each run's peak memory (target <= 200 MB).

- peak memory of a first `audit --no-cache` at each of --memory's sizes (default 1, 5 and
  20 MB; target <= 200 MB at each, flat as the corpus grows), with the catalogue's format
  (catalog-format auto) and size, and the largest again in the other format (Parquet needs
  `pip install -e '.[parquet]'`);
- the Dask engine (`pip install -e '.[dask]'`): --dask-pages generated pages
  (benchmarks/pages.py, default 100,000) scanned to JSON on a distributed.LocalCluster of 1
  and then 2 worker processes: documents per second, and the peak memory of the client (the
  claimcheck process; the workers are the cluster's), outputs compared byte for byte with
  the local engine on the first thousand pages. --dask-pages 0 skips it.

The machine is shared: absolute times move by about 30%; ratios are from runs made one
after the other.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # a sibling's generated clinic pages
from speed import build  # a sibling benchmark's corpus builder

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str], cwd: Path, *, keep: bool = True,
          children: bool = True) -> tuple[float, float, bytes]:
    """Seconds, peak resident memory (MB) and standard output (unless not `keep`) of one
    claimcheck process; `children`: the peak counts its worker processes too."""
    code = ("import resource, sys, runpy; sys.argv = ['claimcheck', *sys.argv[1:]];\n"
            "try:\n    runpy.run_module('claimcheck.cli', run_name='__main__')\n"
            "except SystemExit as exit:\n    code = exit.code\n"
            "else:\n    code = 0\n"
            "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
            f" {'resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss' if children else 0})\n"
            "print(peak, file=sys.stderr); sys.exit(code)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, check=False,
                          stdout=subprocess.PIPE if keep else subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"claimcheck {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    peak = int(done.stderr.decode().strip().splitlines()[-1]) / 1024
    return seconds, peak, done.stdout or b""


def dask_engine(count: int) -> None:
    """Documents per second on a LocalCluster of 1 and of 2 workers, and the client's peak."""
    try:
        from distributed import LocalCluster
    except ImportError:
        print("dask engine: not installed (pip install -e '.[dask]')")
        return
    import logging

    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        pages.write(project / "corpus", count)
        size = sum(p.stat().st_size for p in (project / "corpus").rglob("*.md")) / 1e6
        print(f"dask engine: {count:,} generated pages, {size:.0f} MB")
        sample = ["scan", "--format", "json", "--jobs", "1", "corpus/part-000"]
        _, _, local = timed(sample, project)
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
                on = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
                _, _, remote = timed([*sample, *on], project)
                seconds, peak, _ = timed(["scan", "--format", "json", *on, "corpus"], project,
                                         keep=False, children=False)
            print(f"  {workers} worker{'s' if workers > 1 else ''}: {count / seconds:,.0f} "
                  f"documents/s ({seconds:.0f} s), client peak {peak:.0f} MB, output "
                  f"{'identical' if remote == local else 'DIFFERENT'} to the local engine")


def _spin(steps: int) -> int:
    total = 0
    for i in range(steps):
        total += i * i % 7
    return total


def core_ceiling(workers: int = 2, steps: int = 5_000_000, parts: int = 8) -> float:
    """How much faster `parts` equal slices of pure-Python work finish in `workers`
    processes than in one: the most --jobs can gain on this machine right now."""
    from concurrent.futures import ProcessPoolExecutor

    def took(processes: int) -> float:
        start = time.perf_counter()
        with ProcessPoolExecutor(processes) as pool:
            list(pool.map(_spin, [steps] * parts))
        return time.perf_counter() - start

    return took(1) / took(workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in megabytes")
    parser.add_argument("--dask-pages", type=int, default=100_000,
                        help="generated pages for the Dask engine (0: skip it)")
    parser.add_argument("--only-dask", action="store_true", help="only the Dask engine")
    parser.add_argument("--only-memory", action="store_true", help="only the peak memory")
    parser.add_argument("--memory", default="1,5,20",
                        help="corpus sizes (MB) whose audit's peak memory is measured")
    given = parser.parse_args()
    if given.dask_pages and given.only_dask:
        dask_engine(given.dask_pages)
        return
    size_mb = given.mb
    cores = len(os.sched_getaffinity(0))
    if given.only_memory:
        memory(given.memory)
        return
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        paths, size = _project(project, size_mb)
        print(f"corpus: {len(paths)} files, {size:.1f} MB; {cores} cores")

        before = core_ceiling()
        one, _, out_one = timed(["scan", "--format", "json", "--jobs", "1", "corpus"], project)
        two, _, out_two = timed(["scan", "--format", "json", "--jobs", "2", "corpus"], project)
        after = core_ceiling()
        print(f"scan --format json --jobs 1: {one:.1f} s, {size / one:.2f} MB/s")
        print(f"scan --format json --jobs 2: {two:.1f} s, {size / two:.2f} MB/s: "
              f"{one / two:.2f}x (target >= 1.7x), output "
              f"{'identical' if out_one == out_two else 'DIFFERENT'}; peer: pure-Python "
              f"work in 2 processes against 1, just before and after: {before:.2f}x, "
              f"{after:.2f}x")

        first, first_peak, _ = timed(["audit", "--quiet"], project)
        again, again_peak, _ = timed(["audit", "--quiet"], project)
        changed = paths[len(paths) // 2]
        changed.write_text(changed.read_text() + "\nOur clinic cures 99% of patients.\n")
        edited, edited_peak, _ = timed(["audit", "--quiet"], project)
        cold, cold_peak, _ = timed(["audit", "--quiet", "--no-cache"], project)
        print(f"audit, first (cold cache): {first:.1f} s, peak {first_peak:.0f} MB")
        print(f"audit again, nothing changed: {again:.1f} s = {again / first:.0%} of the first "
              f"(target <= 10%), peak {again_peak:.0f} MB")
        print(f"audit again, one file changed: {edited:.1f} s = {edited / first:.0%} of the "
              f"first, peak {edited_peak:.0f} MB")
        print(f"audit --no-cache (nothing to write): {cold:.1f} s, peak {cold_peak:.0f} MB "
              f"(target <= 200 MB)")
    memory(given.memory)
    if given.dask_pages:
        dask_engine(given.dask_pages)


def _project(project: Path, megabytes: float) -> tuple[list[Path], float]:
    """A project in `project` whose configured corpus is `megabytes` of varied pages."""
    paths = build(project / "corpus", megabytes)
    shutil.copy(ROOT / "sources.yaml", project / "sources.yaml")
    (project / "claimcheck.yaml").write_text("corpus: corpus\n")
    return paths, sum(p.stat().st_size for p in paths) / 1e6


def memory(given: str) -> None:
    """audit_memory at each size, then the largest in the other catalog-format."""
    sizes = [float(m) for m in given.split(",") if m.strip()]
    took = "yaml"
    for megabytes in sizes:
        took = audit_memory(megabytes)
    pyarrow = importlib.util.find_spec("pyarrow") is not None
    print(f"pyarrow {'installed: pandas 3 imports it with itself' if pyarrow else 'not installed'}")
    if sizes and (took == "parquet" or pyarrow):
        audit_memory(sizes[-1], "yaml" if took == "parquet" else "parquet")  # the other


def audit_memory(megabytes: float, fmt: str = "auto") -> str:
    """Peak memory of a first audit of a corpus of `megabytes` with `fmt` as its
    catalog-format, and the catalogue's size; returns the format the catalogue took."""
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        paths, size = _project(project, megabytes)
        (project / "claimcheck.yaml").write_text(f"corpus: corpus\ncatalog-format: {fmt}\n")
        seconds, peak, _ = timed(["audit", "--quiet", "--no-cache", "--jobs", "1"], project,
                                 keep=False)
        catalogue = (project / "claims.yaml").stat().st_size / 1e6
        dataset = sorted((project / "claims.parquet").glob("part-*.parquet"))
        took = "parquet" if dataset else "yaml"
        held = (f"claims.yaml {catalogue:.2f} MB + claims.parquet/ "
                f"{sum(p.stat().st_size for p in dataset) / 1e6:.2f} MB" if dataset
                else f"claims.yaml {catalogue:.1f} MB")
        print(f"audit of {size:.1f} MB ({len(paths)} files), catalog-format {fmt} ({took}): "
              f"peak {peak:.0f} MB (target <= 200 MB), {seconds:.0f} s; {held}")
        return took


if __name__ == "__main__":
    main()
