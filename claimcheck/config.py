"""One frozen Config, from `[tool.claimcheck]` in pyproject.toml or a claimcheck.yaml.

Lookup: an explicit --config file, else the nearest claimcheck.yaml or pyproject.toml with a
[tool.claimcheck] table in the working directory or its parents, else built-in defaults.
Paths in a config file are relative to the file's folder.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import yaml

from claimcheck.lexicons.vocabulary import EMPTY as NO_VOCABULARY
from claimcheck.lexicons.vocabulary import Vocabulary
from claimcheck.model import OffLabelRule


class ConfigError(Exception):
    """Invalid configuration: one line naming the file and, where known, the line."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"invalid config: {where}: {message}")


DEFAULT_EXCLUDE = ("README*", "SOURCES*", "LICENSE*", "LICENCE*", "CHANGELOG*", "CONTRIBUTING*",
                   "CODE_OF_CONDUCT*")
"""Files that document a folder rather than belong to its content: passed over when walking
directories (a file named on the command line is always read)."""


@dataclass(frozen=True, slots=True)
class Policy:
    """What `claimcheck check` enforces: `[tool.claimcheck.check]` or `check:` in
    claimcheck.yaml."""

    fail_on: str = "error"
    """The lowest level that fails the check: error, warning or info."""
    min_score: float = 40.0
    """CC301 fires on a document scoring below this."""
    disabled: frozenset[str] = frozenset()
    levels: tuple[tuple[str, str], ...] = ()
    """Rule codes with a level other than their default."""
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(glob, rule codes) pairs: those rules never fire in matching files."""

    def level(self, code: str, default: str) -> str | None:
        """A rule's level under this policy; None when disabled."""
        if code in self.disabled:
            return None
        return dict(self.levels).get(code, default)

    def ignores(self, path: str, code: str) -> bool:
        return any(code in codes and (fnmatch(path, glob) or fnmatch(path, f"*/{glob}"))
                   for glob, codes in self.per_path_ignores)


_POLICY_KEYS = {"fail-on", "min-score", "disable", "levels", "per-path-ignores"}


@dataclass(frozen=True, slots=True)
class Fetch:
    """How web addresses are fetched: `[tool.claimcheck.fetch]` or `fetch:` in claimcheck.yaml."""

    timeout: float = 30.0
    """Seconds to connect, and to wait for each piece of an answer."""
    max_bytes: int = 50_000_000
    """The largest page read; a larger one is refused."""
    offline: bool = False
    """Answer from the cache only (the command line's --offline)."""


_FETCH_KEYS = {"timeout", "max-bytes", "offline"}


@dataclass(frozen=True, slots=True)
class Config:
    root: Path = Path(".")
    """Folder the configuration lives in; relative paths resolve against it."""
    source: str = "built-in defaults"
    corpus: tuple[Path | str, ...] = ()
    """Files, folders and web addresses audited when a command is given none."""
    catalog: Path = Path("claims.yaml")
    catalog_format: str = "auto"
    """Where the generated claims are kept: yaml, parquet, or auto (catalog/columns.py)."""
    registry: Path = Path("sources.yaml")
    reports: Path = Path("reports")
    """Where `claimcheck audit` writes index.html, report.md, claims.csv and report.json."""
    off_label: tuple[OffLabelRule, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    """Glob patterns (file name or path below the walked folder) passed over when walking."""
    check: Policy = Policy()
    contact: str | None = None
    """An email address sent to Crossref and PubMed with every request (their etiquette asks
    for one; Crossref then serves the faster "polite" pool)."""
    cache: Path = Path(".claimcheck-cache")
    """Where `claimcheck sources verify` keeps the services' answers, and fetched pages."""
    fetch: Fetch = Fetch()
    vocabulary: Vocabulary = NO_VOCABULARY
    """The project's own words: the publisher's names, extra hype, absolute and hedge terms."""


DEFAULT = Config()
_KEYS = {"corpus", "catalog", "catalog-format", "registry", "reports", "off-label", "exclude", "check", "contact",
         "cache", "fetch", "vocabulary"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
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
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - a SafeLoader without aliases
    except ValueError as exc:  # a date that is no date
        raise ConfigError(str(path), f"bad value: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(where, getattr(exc, "problem", None) or str(exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), "expected a mapping of settings")
    return data


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases: settings never need them, and nested ones
    expand without bound (the "billion laughs")."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"YAML aliases (*{event.anchor}) are "
                                              "not allowed: write the value out", event.start_mark)
        return super().compose_node(parent, index)


def _build(path: Path, table: dict) -> Config:
    where = str(path)
    if not isinstance(table, dict):
        raise ConfigError(where, "claimcheck settings must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(where, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    root = path.parent
    return Config(
        root=root,
        source=where,
        corpus=_corpus(where, root, table.get("corpus", [])),
        catalog=root / _path(where, "catalog", table.get("catalog", "claims.yaml")),
        catalog_format=_catalog_format(where, table.get("catalog-format", "auto")),
        registry=root / _path(where, "registry", table.get("registry", "sources.yaml")),
        reports=root / _path(where, "reports", table.get("reports", "reports")),
        off_label=tuple(_rule(where, i, r) for i, r in enumerate(table.get("off-label", []))),
        exclude=DEFAULT_EXCLUDE + _globs(where, table.get("exclude", [])),
        check=_policy(where, table.get("check", {})),
        contact=_contact(where, table.get("contact")),
        cache=root / _path(where, "cache", table.get("cache", ".claimcheck-cache")),
        fetch=_fetch(where, table.get("fetch", {})),
        vocabulary=_vocabulary(where, table.get("vocabulary", {})),
    )


def _catalog_format(where: str, value: object) -> str:
    from claimcheck.catalog import columns

    if value not in columns.FORMATS:
        raise ConfigError(where, f"catalog-format must be one of {', '.join(columns.FORMATS)}, "
                                 f"not {str(value)[:40]!r}")
    if value == "parquet" and not columns.available():
        raise ConfigError(where, "catalog-format parquet needs pyarrow: "
                                 "pip install 'claimcheck[parquet]'")
    return value


def _vocabulary(where: str, raw: object) -> Vocabulary:
    from claimcheck.lexicons import vocabulary

    try:
        return vocabulary.parse(raw)
    except vocabulary.VocabularyError as exc:
        raise ConfigError(where, str(exc)) from None


def _corpus(where: str, root: Path, value: object) -> tuple[Path | str, ...]:
    """Paths (relative to the configuration's folder) and web addresses, as given."""
    from claimcheck.ingest.web import is_url

    entries = [value] if isinstance(value, str) else value
    if not isinstance(entries, list) or not all(isinstance(e, str) and e for e in entries):
        raise ConfigError(where, "'corpus' must be a path or web address, or a list of them")
    return tuple(e if is_url(e) else root / e for e in entries)


def _table(where: str, name: str, raw: object, keys: set[str]) -> dict:
    """A sub-table of the settings, with only known keys."""
    if not isinstance(raw, dict):
        raise ConfigError(where, f"{name!r} must be a table")
    unknown = sorted(set(raw) - keys)
    if unknown:
        raise ConfigError(where, f"{name}: unknown key {unknown[0]!r} "
                                 f"(known: {', '.join(sorted(keys))})")
    return raw


def _fetch(where: str, raw: object) -> Fetch:
    raw = _table(where, "fetch", raw, _FETCH_KEYS)
    default = Fetch()
    timeout = raw.get("timeout", default.timeout)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ConfigError(where, "fetch.timeout must be a number of seconds above 0")
    limit = raw.get("max-bytes", default.max_bytes)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
        raise ConfigError(where, "fetch.max-bytes must be a whole number of bytes above 0")
    offline = raw.get("offline", False)
    if not isinstance(offline, bool):
        raise ConfigError(where, "fetch.offline must be true or false")
    return Fetch(float(timeout), limit, offline)


def _contact(where: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _EMAIL.fullmatch(value.strip()):
        raise ConfigError(where, "'contact' must be an email address")
    return value.strip()


def _policy(where: str, raw: object) -> Policy:
    from claimcheck.gate.rules import LEVELS, RULES

    raw = _table(where, "check", raw, _POLICY_KEYS)

    def codes(value: object, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise ConfigError(where, f"check.{key} must be a list of rule codes")
        for code in value:
            if code not in RULES:
                raise ConfigError(where, f"check.{key}: no rule {code!r} "
                                         f"(rules: {', '.join(RULES)})")
        return tuple(value)

    fail_on = raw.get("fail-on", "error")
    if fail_on not in LEVELS:
        raise ConfigError(where, f"check.fail-on must be one of {', '.join(LEVELS)}")
    min_score = raw.get("min-score", 40)
    if isinstance(min_score, bool) or not isinstance(min_score, int | float) \
            or not 0 <= min_score <= 100:
        raise ConfigError(where, "check.min-score must be a number from 0 to 100")
    levels = raw.get("levels", {})
    if not isinstance(levels, dict):
        raise ConfigError(where, "check.levels must be a table of rule code = level")
    codes(list(levels), "levels")
    for code, level in levels.items():
        if level not in LEVELS:
            raise ConfigError(where, f"check.levels.{code} must be one of {', '.join(LEVELS)}")
    ignores = raw.get("per-path-ignores", {})
    if not isinstance(ignores, dict):
        raise ConfigError(where, "check.per-path-ignores must be a table of glob = [codes]")
    return Policy(
        fail_on=fail_on, min_score=float(min_score),
        disabled=frozenset(codes(raw.get("disable", []), "disable")),
        levels=tuple(sorted(levels.items())),
        per_path_ignores=tuple((glob, codes(value, f"per-path-ignores.{glob}"))
                               for glob, value in sorted(ignores.items())),
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
