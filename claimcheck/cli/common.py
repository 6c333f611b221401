"""What every command shares: exit codes, common options, loading the project, failing in
one line."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated

import typer

from claimcheck import catalog, config, ingest
from claimcheck.evidence import registry
from claimcheck.model import DocumentResult, InputProblem, Review
from claimcheck.yamlfile import YamlFileError


class Exit(IntEnum):
    """Process exit codes, pinned by a test."""

    OK = 0
    POLICY = 1
    """The content fails the policy (claimcheck check)."""
    ERROR = 2
    """Usage, configuration or input error."""


SETTINGS = {"help_option_names": ["-h", "--help"]}

PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Files (.txt, .md, .html, .docx, .pdf), directories (walked in sorted "
                   "order) or web addresses (http://, https://).", metavar="INPUT",
                   show_default=False),
]
"""Strings, not Paths: a Path would fold the // of a web address."""
StdinFilenameOption = Annotated[
    str | None,
    typer.Option("--stdin-filename", help="The name (and by its suffix the type) of what `-` "
                 "reads from standard input; plain text when not given.", show_default=False),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="A claimcheck.yaml or pyproject.toml to use instead of the "
                 "nearest one.", show_default=False),
]
CatalogOption = Annotated[
    Path | None,
    typer.Option("--catalog", help="The claims library (default: from configuration, else "
                 "./claims.yaml).", show_default=False),
]


JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Processes to analyse files in (default: the "
                 "cores available); the output is the same with any number.",
                 show_default=False),
]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


EngineOption = Annotated[Engine, typer.Option(
    "--engine", help="Where documents are analysed: here (local, --jobs processes), or on a "
    "Dask cluster (dask: pip install 'claimcheck[dask]'; --scheduler ADDRESS, else a local "
    "cluster of --jobs workers). The output is the same either way.")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", metavar="ADDRESS", help="The Dask scheduler to run on, e.g. "
    "tcp://10.0.0.5:8786 (with --engine dask; the workers must see the same files).",
    show_default=False)]


def engine(chosen: Engine, scheduler: str | None, processes: int | None):
    """The Dask engine to analyse on, or None for this machine's processes."""
    if chosen is Engine.local:
        if scheduler is not None:
            raise fail("--scheduler is for --engine dask")
        return None
    from claimcheck.cluster import Dask

    return Dask(scheduler, jobs(processes))


NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", help="Do not use the cache folder (the configured `cache`): read and "
    "analyse everything afresh.")]


def jobs(given: int | None) -> int:
    """--jobs as given, else the cores this process may use."""
    from claimcheck.pipeline import default_jobs

    return given or default_jobs()


OfflineOption = Annotated[
    bool,
    typer.Option("--offline", help="Answer web addresses from the cache only (pages fetched "
                 "by an earlier run); never touch the network."),
]


def inputs(given: Iterable[str | Path], stdin_filename: str | None = None,
           ) -> list[ingest.Input]:
    """The inputs named on the command line or in the configuration: `-` is standard input,
    http:// and https:// are web addresses, anything else a path."""
    found: list[ingest.Input] = []
    for entry in given:
        text = str(entry)
        if text == "-" and not isinstance(entry, Path):
            found.append(ingest.Stdin(stdin_filename or "-"))
        elif ingest.is_url(text) and not isinstance(entry, Path):
            found.append(ingest.Url(text))
        else:
            found.append(Path(entry))
    return found


@dataclass(frozen=True)
class Project:
    """What a command works with: configuration, registry, claims library and its path."""

    settings: config.Config
    registry: registry.Registry
    library: catalog.Library
    catalog: Path

    def corpus(self) -> list[ingest.Input]:
        """The configured corpus, for commands run without paths."""
        if not self.settings.corpus:
            raise fail("no paths given and no corpus configured "
                       "(set corpus in [tool.claimcheck] or claimcheck.yaml)")
        return inputs(shown(e) if isinstance(e, Path) else e for e in self.settings.corpus)

    def offline(self, offline: bool) -> Project:
        """This project, answering web addresses from the cache only when `offline`."""
        if not offline:
            return self
        fetch = dataclasses.replace(self.settings.fetch, offline=True)
        return dataclasses.replace(self, settings=dataclasses.replace(self.settings, fetch=fetch))


def fail(message: str) -> typer.Exit:
    typer.echo(f"claimcheck: error: {message}", err=True)
    return typer.Exit(Exit.ERROR)


def load_project(config_path: Path | None, catalog_path: Path | None = None,
                 isolated: bool = False, repairs: bool = False,
                 cached: str | None = None) -> Project:
    """Load and validate everything a command reads; any problem is one line and exit 2.
    `repairs`: the command rewrites the catalogue and says itself what it repaired.
    `cached`: the catalogue's reviews may come from the cache folder ("read"), and are kept
    there when they do not ("write")."""
    if isolated:
        return Project(config.DEFAULT, registry.EMPTY, catalog.EMPTY, Path("claims.yaml"))
    try:
        settings = config.load(config_path)
        sources = registry.load(shown(settings.registry))
        path = catalog_path or shown(settings.catalog)
        if cached:
            from claimcheck import incremental

            library = incremental.library(path, sources, shown(settings.cache),
                                          keep=cached == "write")
        else:
            library = catalog.library(path, sources)
    except (config.ConfigError, YamlFileError) as exc:
        raise fail(str(exc)) from None
    if library.merged and not repairs:
        typer.echo(f"claimcheck: warning: {path}: {len(library.merged)} claim id(s) listed "
                   f"more than once ({', '.join(library.merged[:3])}); read as one entry each, "
                   f"every review kept; the next write repairs the file", err=True)
    return Project(settings, sources, library, path)


def describe(review: Review) -> str:
    """A review in a few words: verdict, by whom, when."""
    by = ", ".join(v for v in (review.reviewer, review.date) if v)
    return f"{review.verdict!r}" + (f" ({by})" if by else "")


def noting(items: Iterable[DocumentResult | InputProblem], problems: list[InputProblem],
            ) -> Iterator[DocumentResult | InputProblem]:
    """Pass results through; report each input problem on stderr as it comes. An engine that
    cannot run is one line and exit 2."""
    from claimcheck.cluster import EngineError

    try:
        for item in items:
            if isinstance(item, InputProblem):
                problems.append(item)
                typer.echo(f"claimcheck: error: {item}", err=True)
            yield item
    except EngineError as exc:
        raise fail(str(exc)) from None


def shown(path: Path) -> Path:
    """A configured path as the user would type it: relative to the working directory."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path
