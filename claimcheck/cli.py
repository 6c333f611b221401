"""Typer commands only: parse, load config, call the pipeline, pick a reporter, write, exit.

Reports go to stdout; problems and progress to stderr. Exit codes are `Exit`.
"""

from __future__ import annotations

import sys
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated

import typer

from claimcheck import config, pipeline, registry
from claimcheck.model import DocumentResult, InputProblem


class Exit(IntEnum):
    """Process exit codes, pinned by a test."""

    OK = 0
    POLICY = 1
    """The content fails the policy (claimcheck check)."""
    ERROR = 2
    """Usage, configuration or input error."""


class Format(str, Enum):
    table = "table"
    json = "json"


app = typer.Typer(
    name="claimcheck",
    help="Audit the claims in health marketing copy: find every assertion, tie it to the "
    "evidence it cites, and flag unsourced marketing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Files (.txt, .md, .html) or directories, walked in sorted order.",
                   show_default=False),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="A claimcheck.yaml or pyproject.toml to use instead of the "
                  "nearest one.", show_default=False),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"claimcheck: error: {message}", err=True)
    return typer.Exit(Exit.ERROR)


def _config(path: Path | None, isolated: bool) -> config.Config:
    if isolated:
        return config.DEFAULT
    try:
        return config.load(path)
    except config.ConfigError as exc:
        raise _fail(str(exc)) from None


def _registry(settings: config.Config, isolated: bool) -> registry.Registry:
    if isolated:
        return registry.EMPTY
    try:
        return registry.load(_shown(settings.registry))
    except registry.RegistryError as exc:
        raise _fail(str(exc)) from None


def _report_problem(problem: InputProblem) -> None:
    typer.echo(f"claimcheck: error: {problem}", err=True)


@app.command(epilog="Examples:\n\n  claimcheck scan page.md\n\n"
             "  claimcheck scan --isolated --format json corpus/")
def scan(
    paths: Annotated[list[Path], typer.Argument(
        help="Files (.txt, .md, .html) or directories, walked in sorted order.",
        show_default=False)],
    format: FormatOption = Format.table,
    isolated: Annotated[bool, typer.Option(
        "--isolated", help="Ignore claims.yaml, sources.yaml and any configuration: the text "
        "alone decides.")] = False,
    config_path: ConfigOption = None,
) -> None:
    """Analyse pages and print every claim. Read-only: writes nothing."""
    settings = _config(config_path, isolated)
    sources = _registry(settings, isolated)
    failed = False
    items = pipeline.stream(paths, settings, sources)
    if format is Format.json:
        from claimcheck.report import json as json_report

        def noting(stream):
            nonlocal failed
            for item in stream:
                if isinstance(item, InputProblem):
                    failed = True
                    _report_problem(item)
                yield item

        for chunk in json_report.chunks(noting(items)):
            sys.stdout.write(chunk)
    else:
        from claimcheck.report import table

        color = sys.stdout.isatty()
        for item in items:
            if isinstance(item, InputProblem):
                failed = True
                _report_problem(item)
            else:
                sys.stdout.write(table.render_document(item, color=color))
    raise typer.Exit(Exit.ERROR if failed else Exit.OK)


@app.command(epilog="Examples:\n\n  claimcheck audit\n\n  claimcheck audit drafts/ --catalog drafts/claims.yaml")
def audit(
    paths: PathsArgument = None,
    format: FormatOption = Format.table,
    catalog_path: Annotated[Path | None, typer.Option(
        "--catalog", help="The claims catalogue to update (default: from configuration, "
        "else ./claims.yaml).", show_default=False)] = None,
    config_path: ConfigOption = None,
) -> None:
    """Audit a corpus (by default the configured one), update claims.yaml, print the summary."""
    settings = _config(config_path, isolated=False)
    sources = _registry(settings, isolated=False)
    if not paths:
        if settings.corpus is None:
            raise _fail("no paths given and no corpus configured "
                        "(set corpus in [tool.claimcheck] or claimcheck.yaml)")
        paths = [_shown(settings.corpus)]
    results: list[DocumentResult] = []
    failed = False
    for item in pipeline.stream(paths, settings, sources):
        if isinstance(item, InputProblem):
            failed = True
            _report_problem(item)
        else:
            results.append(item)
    target = catalog_path or _shown(settings.catalog)
    if results:
        from claimcheck import catalog

        try:
            changed = catalog.update(target, results)
        except catalog.CatalogError as exc:
            raise _fail(str(exc)) from None
        typer.echo(f"{target}: {'updated' if changed else 'unchanged'}", err=True)
    if format is Format.json:
        from claimcheck.report import json as json_report

        sys.stdout.write("".join(json_report.chunks(results)))
    elif results:
        from claimcheck.report import table

        sys.stdout.write(table.render_summary(results, color=sys.stdout.isatty()))
    raise typer.Exit(Exit.ERROR if failed or not results else Exit.OK)


def _shown(path: Path) -> Path:
    """A configured path as the user would type it: relative to the working directory."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def main() -> None:
    app()
