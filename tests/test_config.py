"""Configuration: found, validated, and every mistake named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck import config


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path):
    write(tmp_path, "pyproject.toml", '[tool.claimcheck]\ncorpus = "pages"\n'
          '[[tool.claimcheck.off-label]]\ntreatment = ["semaglutide"]\ncondition = ["AUD"]\n')
    (tmp_path / "sub").mkdir()
    settings = config.load(start=tmp_path / "sub")
    assert settings.corpus == (tmp_path / "pages",)
    assert settings.catalog == tmp_path / "claims.yaml"
    assert settings.off_label[0].treatment_re.search("Semaglutide works")


def test_claimcheck_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path):
    write(tmp_path, "pyproject.toml", '[tool.claimcheck]\ncorpus = "a"\n')
    write(tmp_path, "claimcheck.yaml", "corpus: b\n")
    assert config.load(start=tmp_path).corpus == (tmp_path / "b",)


def test_corpus_lists_paths_and_web_addresses(tmp_path: Path):
    write(tmp_path, "claimcheck.yaml", "corpus: [pages, 'https://example.org/a']\n"
          "fetch: {timeout: 5, max-bytes: 1000, offline: true}\n")
    settings = config.load(start=tmp_path)
    assert settings.corpus == (tmp_path / "pages", "https://example.org/a")
    assert settings.fetch == config.Fetch(timeout=5.0, max_bytes=1000, offline=True)


def test_pyproject_without_table_is_passed_over(tmp_path: Path):
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n")
    assert config.load(start=tmp_path).source == "built-in defaults"


@pytest.mark.parametrize(("name", "body", "message"), [
    ("claimcheck.yaml", "corpus: [a\n", "claimcheck.yaml:2: "),
    ("claimcheck.yaml", "- just\n- a list\n", "expected a mapping of settings"),
    ("claimcheck.yaml", "corpus: a\nunknown: 1\n", "unknown key 'unknown'"),
    ("claimcheck.yaml", "corpus: 3\n", "'corpus' must be a path"),
    ("claimcheck.yaml", "corpus: [a, 3]\n", "'corpus' must be a path"),
    ("claimcheck.yaml", "fetch: {timeout: 0}\n", "fetch.timeout must be a number"),
    ("claimcheck.yaml", "fetch: {max-bytes: 1.5}\n", "fetch.max-bytes must be a whole number"),
    ("claimcheck.yaml", "fetch: {offline: 'yes'}\n", "fetch.offline must be true or false"),
    ("claimcheck.yaml", "fetch: {retries: 3}\n", "fetch: unknown key 'retries'"),
    ("claimcheck.yaml", "off-label:\n  - treatment: [x]\n", "off-label[0].condition must be a non-empty list"),
    ("claimcheck.yaml", "off-label:\n  - {treatment: ['(x'], condition: [y]}\n", "bad pattern '(x'"),
    ("claimcheck.yaml", "off-label:\n  - {treatment: [x], condition: [y], when: z}\n", "off-label[0]: unknown key 'when'"),
    ("pyproject.toml", "[tool.claimcheck\n", "pyproject.toml: "),
])
def test_invalid_configuration_names_the_file(tmp_path: Path, name, body, message):
    path = write(tmp_path, name, body)
    with pytest.raises(config.ConfigError) as raised:
        config.load(path)
    assert str(raised.value).startswith("invalid config: ")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_explicit_missing_config_file(tmp_path: Path):
    with pytest.raises(config.ConfigError, match="no such file"):
        config.load(tmp_path / "nope.yaml")
