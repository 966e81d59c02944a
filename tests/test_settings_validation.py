"""Settings are plain dataclasses; reading them from a mapping validates every field (authlint.settings.validation)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from authlint.errors import ConfigError
from authlint.settings.config import Config, config_from_mapping
from authlint.settings.profile import AuthorProfile


@pytest.mark.parametrize(("data", "message"), [
    ({"min-score": 101}, "config: min-score: Input should be less than or equal to 100"),
    ({"min-score": -1}, "config: min-score: Input should be greater than or equal to 0"),
    ({"authors": {"sam": {"age": 131}}}, "config: authors.sam.age: Input should be less than or equal to 130"),
    ({"authors": {"sam": {"birth-year": 1800}}}, "config: authors.sam.birth-year: Input should be greater than or equal to 1890"),
    ({"authors": {"sam": {"rols": []}}}, "config: authors.sam.rols: Extra inputs are not permitted"),
    ({"select": "PRO"}, "config: select: Input should be a valid list"),
    ({"fail-on": "fatal"}, "config: fail-on: Input should be 'info', 'warning' or 'error'"),
    ({"disclosure": {"cue-patterns": ["("]}}, "config: disclosure.cue-patterns: Value error, regex '(' does not compile"),
])
def test_bad_settings_are_one_line_errors(data, message):
    with pytest.raises(ConfigError) as err:
        config_from_mapping(data)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_values_are_normalised_as_documented():
    config = config_from_mapping({
        "allow": ["buy now", "  "], "min-score": "50", "fail_on": "error",
        "author": {"roles": " nurse ", "handles": ["@sam", " "]}, "rules": ["extra"],
    })
    assert config.allow == ["buy now"] and config.min_score == 50.0
    assert config.author == AuthorProfile(roles=["nurse"], handles=["@sam"])
    assert config.fail_on.value == "error" and [str(p) for p in config.rules] == ["extra"]
    assert config_from_mapping({}) == Config()


def test_settings_modules_do_not_import_pydantic():
    script = "import sys, authlint.settings.config, authlint.report.results; authlint.settings.config.Config(); print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]
