""""Allow this phrase" edits configs as text: comments, order and line breaks survive, the result
says exactly the old settings plus the phrase, and authlint reads it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint.errors import ConfigError
from authlint.lsp.allow import add_allowed
from authlint.lsp.lint import pieces
from authlint.settings.config import load_config


@pytest.mark.parametrize(("before", "after"), [
    ("# mine\nselect: [snark]\n", '# mine\nselect: [snark]\nallow:\n  - "link in bio"\n'),
    ("allow: [buy now]  # ads are fine here\nplatform: x\n",
     'allow: [buy now, "link in bio"]  # ads are fine here\nplatform: x\n'),
    ("allow:\n    - buy now\n    # more later\nplatform: x\n", 'allow:\n    - buy now\n    - "link in bio"\n    # more later\nplatform: x\n'),
    ("allow: []\n", 'allow: ["link in bio"]\n'),
    ("platform: x\r\nallow:\r\n  - buy now\r\n", 'platform: x\r\nallow:\r\n  - buy now\r\n  - "link in bio"\r\n'),
    ("platform: x", 'platform: x\nallow:\n  - "link in bio"\n'),
])
def test_yaml(tmp_path: Path, before: str, after: str) -> None:
    config = tmp_path / ".authlint.yaml"
    config.write_bytes(before.encode())
    assert add_allowed(config, tmp_path, "Link  in\nbio".replace("L", "l")) == config
    assert config.read_bytes().decode() == after
    assert "link in bio" in load_config(config).allow


@pytest.mark.parametrize(("before", "after"), [
    ('[project]\nname = "x"\n\n[tool.authlint]\nselect = ["snark"]\n\n[tool.other]\nallow = 1\n',
     '[project]\nname = "x"\n\n[tool.authlint]\nallow = ["link in bio"]\nselect = ["snark"]\n\n[tool.other]\nallow = 1\n'),
    ('[tool.authlint]\nallow = ["buy now"]  # ok\n', '[tool.authlint]\nallow = ["buy now", "link in bio"]  # ok\n'),
    ('[tool.authlint]\nallow = [\n  "buy now",\n]\n', '[tool.authlint]\nallow = [\n  "buy now",\n  "link in bio"\n]\n'),
])
def test_pyproject(tmp_path: Path, before: str, after: str) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(before)
    add_allowed(config, tmp_path, "link in bio")
    assert config.read_text() == after
    assert "link in bio" in load_config(config).allow


def test_new_config_when_there_is_none(tmp_path: Path) -> None:
    written = add_allowed(None, tmp_path, "Oh great")
    assert written == tmp_path / ".authlint.yaml"
    assert load_config(written).allow == ["Oh great"]
    assert not [p for p in tmp_path.iterdir() if p.name != ".authlint.yaml"]  # no temp file left


def test_already_allowed_is_left_alone(tmp_path: Path) -> None:
    config = tmp_path / ".authlint.yaml"
    config.write_text("allow: [Link in bio]\n")
    add_allowed(config, tmp_path, "link in bio")
    assert config.read_text() == "allow: [Link in bio]\n"


@pytest.mark.parametrize("before", ["allow: buy now\n", "allow: [a,\n  b]\n", "[tool.authlint]\nallow = [\n  \"a\" # c\n]\n"])
def test_what_cannot_be_edited_safely_is_not_touched(tmp_path: Path, before: str) -> None:
    config = tmp_path / ("pyproject.toml" if before.startswith("[") else ".authlint.yaml")
    config.write_text(before)
    with pytest.raises(ConfigError):
        add_allowed(config, tmp_path, "link in bio")
    assert config.read_text() == before


def test_pieces_cut_at_the_strongest_break() -> None:
    text = ("One sentence here. " * 30 + "\n\n") * 10 + "x" * 5000
    spans = pieces(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == prev_b for (a, _), (_, prev_b) in zip(spans[1:], spans))
    assert all(b - a <= 1000 for a, b in spans)
    assert text[: spans[0][1]].endswith("\n\n")  # a paragraph break, not mid-sentence
    assert [b - a for a, b in spans[-5:]] == [1000] * 5  # no break at all: cut hard
    assert text[: spans[-6][1]].endswith("\n\n")
    one_paragraph = "One sentence here. " * 200
    assert all(one_paragraph[a:b].endswith(". ") for a, b in pieces(one_paragraph, 1000)[:-1])
