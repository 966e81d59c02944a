"""Shared fixtures. Loading spaCy costs about a second, so one Linter serves the session, and every
other Linter the tests build (directly or through an in-process `authlint` command) reuses the
pipeline already loaded for the same model and components (see ``_one_pipeline_per_selection``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from authlint import Linter
from authlint.nlp.analyzer import Analyzer
from authlint.ruleset import loader

#: Loaded pipelines of this test process: (model, features, on-demand features) -> what
#: ``Analyzer._load`` produced (the pipeline, its lazily loaded components, the model's order).
PipelineCache = dict[tuple[str, frozenset[str], frozenset[str]], tuple[Any, Any, Any]]
#: Parsed rule files of this test process: (path, text) -> the validated (frozen) Rule.
RuleCache = dict[tuple[str, str], Any]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fresh_pipeline: this test's Analyzers load spaCy, and its rule files are parsed, afresh "
        "instead of reusing what an earlier test loaded",
    )


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder: the test runs in its own tmp_path (for CLI runs that read the cwd)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


@pytest.fixture(scope="session", autouse=True)
def _private_cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Cache entries are sealed with a per-user key under $XDG_CACHE_HOME (authlint.cache.secret):
    the suite, and the authlint processes it starts, use a key of their own, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(scope="session")
def _loaded_pipelines() -> PipelineCache:
    return {}


@pytest.fixture(scope="session")
def _parsed_rules() -> RuleCache:
    return {}


@pytest.fixture(autouse=True)
def _one_pipeline_per_selection(
    request: pytest.FixtureRequest, _loaded_pipelines: PipelineCache, _parsed_rules: RuleCache,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Analyzers of the same installed model and components share one loaded pipeline.

    Hundreds of tests build a Linter of their own (a config, a rule folder, an in-process
    `authlint check`), and each used to load spaCy again: most of the suite's time. What
    ``Analyzer._load`` builds depends only on (model, features, on-demand features), and a Linter
    never changes its pipeline after loading, so the second Linter with the same selection gets
    the first one's pipeline, exactly as its own posts after the first get the same pipeline.
    A model given as a folder always loads for real (tests write such folders), and so does
    every Analyzer of a test marked ``fresh_pipeline``. Processes the tests start load their own.

    Likewise a rule file is validated once per (path, text): a Rule is frozen, and parsing the
    70 built-in files (YAML, pydantic, regex outlines) was the other half of every Linter's start.
    A file that fails to load is parsed again each time, so every error is raised for real.
    """
    if request.node.get_closest_marker("fresh_pipeline"):
        return
    load = Analyzer._load

    def shared_load(self: Analyzer) -> Any:
        if Path(self.model).expanduser().is_dir():
            return load(self)
        key = (self.model, self.features, self.on_demand)
        if key not in _loaded_pipelines:
            nlp = load(self)
            _loaded_pipelines[key] = (nlp, self._lazy, self._order)
        nlp, self._lazy, self._order = _loaded_pipelines[key]
        return nlp

    monkeypatch.setattr(Analyzer, "_load", shared_load)

    parse_file = loader.load_rule_file

    def parsed_rule_file(path: Path) -> Any:
        try:
            key = (str(path), path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return parse_file(path)  # the loader's own error
        if key not in _parsed_rules:
            _parsed_rules[key] = parse_file(path)
        return _parsed_rules[key]

    monkeypatch.setattr(loader, "load_rule_file", parsed_rule_file)
