"""One frozen Config, from `[tool.claimcheck]` in pyproject.toml or a claimcheck.yaml.

Lookup: an explicit --config file, else the nearest claimcheck.yaml or pyproject.toml with a
[tool.claimcheck] table in the working directory or its parents, else built-in defaults.
Paths in a config file are relative to the file's folder.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml


class ConfigError(Exception):
    """Invalid configuration: one line naming the file and, where known, the line."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"invalid config: {where}: {message}")


@dataclass(frozen=True, slots=True)
class OffLabelRule:
    """A use the regulator has not approved: efficacy claims for it get the off-label flag."""

    treatment: tuple[str, ...]
    """Regular expressions (case-insensitive, whole words) naming the treatment."""
    condition: tuple[str, ...]
    """Regular expressions naming the condition it is not approved for."""
    note: str = ""
    treatment_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    condition_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "treatment_re", _words(self.treatment))
        object.__setattr__(self, "condition_re", _words(self.condition))


def _words(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", re.IGNORECASE)


DEFAULT_EXCLUDE = ("README*", "SOURCES*", "LICENSE*", "LICENCE*", "CHANGELOG*", "CONTRIBUTING*",
                   "CODE_OF_CONDUCT*")
"""Files that document a folder rather than belong to its content: passed over when walking
directories (a file named on the command line is always read)."""


@dataclass(frozen=True, slots=True)
class Config:
    root: Path = Path(".")
    """Folder the configuration lives in; relative paths resolve against it."""
    source: str = "built-in defaults"
    corpus: Path | None = None
    catalog: Path = Path("claims.yaml")
    registry: Path = Path("sources.yaml")
    reports: Path = Path("reports")
    """Where `claimcheck audit` writes index.html, report.md, claims.csv and report.json."""
    off_label: tuple[OffLabelRule, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    """Glob patterns (file name or path below the walked folder) passed over when walking."""


DEFAULT = Config()
_KEYS = {"corpus", "catalog", "registry", "reports", "off-label", "exclude"}
_RULE_KEYS = {"treatment", "condition", "note"}


def load(explicit: Path | None = None, start: Path | None = None) -> Config:
    """The configuration in force: `explicit` if given, else the nearest one found from `start`."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(str(explicit), "no such file")
        return _from_file(explicit)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("claimcheck.yaml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                table = _read_table(candidate)
                if table is not None:
                    return _build(candidate, table)
    return DEFAULT


def _from_file(path: Path) -> Config:
    table = _read_table(path)
    if table is None:
        raise ConfigError(str(path), "no [tool.claimcheck] table")
    return _build(path, table)


def _read_table(path: Path) -> dict | None:
    """The claimcheck settings in a file, or None when a pyproject.toml has none."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read: {exc}") from None
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(str(path), str(exc)) from None
        return data.get("tool", {}).get("claimcheck")
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(where, getattr(exc, "problem", None) or str(exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), "expected a mapping of settings")
    return data


def _build(path: Path, table: dict) -> Config:
    where = str(path)
    if not isinstance(table, dict):
        raise ConfigError(where, "claimcheck settings must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(where, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    root = path.parent
    corpus = table.get("corpus")
    return Config(
        root=root,
        source=where,
        corpus=root / _path(where, "corpus", corpus) if corpus is not None else None,
        catalog=root / _path(where, "catalog", table.get("catalog", "claims.yaml")),
        registry=root / _path(where, "registry", table.get("registry", "sources.yaml")),
        reports=root / _path(where, "reports", table.get("reports", "reports")),
        off_label=tuple(_rule(where, i, r) for i, r in enumerate(table.get("off-label", []))),
        exclude=DEFAULT_EXCLUDE + _globs(where, table.get("exclude", [])),
    )


def _globs(where: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(where, "'exclude' must be a list of glob patterns")
    return tuple(value)


def _path(where: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(where, f"{key!r} must be a path")
    return value


def _rule(where: str, index: int, raw: object) -> OffLabelRule:
    label = f"off-label[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(where, f"{label} must be a table with treatment and condition")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise ConfigError(where, f"{label}: unknown key {unknown[0]!r}")
    parts = {}
    for key in ("treatment", "condition"):
        value = raw.get(key)
        if isinstance(value, str):
            value = [value]
        if not value or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(where, f"{label}.{key} must be a non-empty list of patterns")
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(where, f"{label}.{key}: bad pattern {pattern!r}: {exc}") from None
        parts[key] = tuple(value)
    return OffLabelRule(note=str(raw.get("note", "")), **parts)
