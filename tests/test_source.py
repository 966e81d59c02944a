"""Prose extraction: markup is masked, offsets never move, URLs stay countable."""

from __future__ import annotations

import pytest

from authlint import Linter
from authlint.errors import InputError
from authlint.io.positions import LineIndex
from authlint.io.source import extract, kind_for, url_stub


def _same_shape(text: str, prose: str) -> None:
    assert len(prose) == len(text)
    for a, b in zip(text, prose):
        if a in "\r\n":
            assert b == a  # line breaks are never masked, so lines and columns stay put


def test_yaml_front_matter_is_masked_and_parsed() -> None:
    text = "---\ntitle: Launch\nplatform: Instagram\nauthor: sam\n---\nHello there.\n"
    src = extract(text, "markdown")
    _same_shape(text, src.prose)
    assert src.front_matter == {"title": "Launch", "platform": "Instagram", "author": "sam"}
    assert src.platform == "instagram" and src.author == "sam"
    assert "Launch" not in src.prose and src.prose.endswith("Hello there.\n")


def test_toml_front_matter() -> None:
    text = '+++\nplatform = "x"\n+++\nHi.'
    src = extract(text, "markdown")
    assert src.platform == "x" and src.prose.strip() == "Hi."


def test_bad_front_matter_is_an_input_error() -> None:
    with pytest.raises(InputError, match="front matter is not valid YAML"):
        extract("---\nplatform: [x\n---\nHi", "markdown")


def test_fenced_and_inline_code_and_html_are_masked() -> None:
    text = "Intro `Buy now` text.\n\n```python\nBUY NOW!!!\n```\n<b>Bold</b> end <!-- note -->\n~~~\nUNCLOSED\n"
    src = extract(text, "markdown")
    _same_shape(text, src.prose)
    assert "Buy now" not in src.prose and "BUY" not in src.prose and "<b>" not in src.prose
    assert "note" not in src.prose and "UNCLOSED" not in src.prose  # an unclosed fence runs to the end
    assert "Intro" in src.prose and "Bold" in src.prose


def test_plain_text_keeps_code_like_characters() -> None:
    text = "I love `backticks` and <3 you"
    assert extract(text, "text").prose == text


def test_links_keep_text_and_a_url_stub() -> None:
    text = "Read [the write-up](https://example.com/post?code=SAVE20 \"title\") or ![alt](img.png)."
    src = extract(text, "markdown")
    _same_shape(text, src.prose)
    assert "the write-up" in src.prose and "SAVE20" not in src.prose and "alt" not in src.prose
    stub = url_stub("https://example.com/post?code=SAVE20")
    assert stub in src.prose and src.urls[stub] == "https://example.com/post?code=SAVE20"
    assert src.restore(f"see {stub}") == "see https://example.com/post?code=SAVE20"


def test_relative_link_targets_are_masked_not_stubbed() -> None:
    src = extract("See [notes](./notes.md#top).", "markdown")
    assert "notes.md" not in src.prose and not src.urls


def test_bare_urls_are_stubbed_and_repeats_stay_equal() -> None:
    text = "https://a.example/x and again https://a.example/x and www.b.example"
    src = extract(text, "text")
    _same_shape(text, src.prose)
    assert src.prose.count(url_stub("https://a.example/x")) == 2
    assert url_stub("www.b.example").startswith("www.")
    assert url_stub("https://a.example/x") != url_stub("https://a.example/y")


def test_suppression_directives_are_masked_in_both_kinds() -> None:
    text = "authlint-disable-next-line SNK101\nOh great.\n<!-- authlint-enable -->"
    src = extract(text, "text")
    assert "authlint" not in src.prose and "Oh great." in src.prose


def test_kind_for() -> None:
    assert kind_for("a/b.MD") == "markdown" and kind_for("x.markdown") == "markdown"
    assert kind_for("x.mdx") == "mdx" and kind_for("X.MDX") == "mdx"
    assert kind_for("x.txt") == "text" and kind_for(None) == "text"


def test_mdx_esm_blocks_and_expressions_are_masked() -> None:
    text = (
        "import Chart from './chart'\nexport const meta = {\n  title: 'Buy now'\n}\n\n"
        "We shipped {props.count} fixes. Thanks @ana!\n\n<Chart data={data} />\n"
    )
    mdx = extract(text, "mdx")
    assert len(mdx.prose) == len(text)
    assert "import" not in mdx.prose and "Buy now" not in mdx.prose and "props" not in mdx.prose
    assert "We shipped" in mdx.prose and "fixes. Thanks @ana!" in mdx.prose
    # In plain Markdown the same lines are prose (a line may start with "import" there).
    assert "import Chart" in extract(text, "markdown").prose


@pytest.mark.parametrize(
    "text",
    [
        "---\r\ntitle: x\r\n---\r\nHi!\r\n\r\nOh great, another \"expert\". Buy now!!!\r\n",
        # (a line that starts with a tab is an indented code block in Markdown: tabs inside the line)
        "Tabs\there:\t\tOh great, another Monday. Buy now!!!\n",
        "🎉👩‍👩‍👧 emoji first, \u00e9\u0301 combining: Oh great. Buy now!!!",
        "```\ncode\n```\r\nLine\rlone CR then Oh great. Buy now!!!",
    ],
)
def test_findings_point_at_the_original_text(linter: Linter, text: str) -> None:
    src = extract(text, "markdown")
    report = linter.check(src.prose)
    assert report.findings, "the sample should produce findings"
    lines = LineIndex(text)
    for f in report.findings:
        assert text[f.start:f.end] == f.text
        assert lines.position(f.start) == (f.line, f.column)
    # Column of "Oh great" counted by hand on the original line.
    sarcasm = [f for f in report.findings if f.text.lower().startswith("oh great")]
    assert sarcasm
    f = sarcasm[0]
    line_text = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[f.line - 1]
    assert line_text[f.column - 1:].startswith(f.text)


def test_url_stub_is_still_a_link_for_counting_rules(linter: Linter) -> None:
    src = extract("Check https://example.com/a and https://example.com/a again", "text")
    doc = linter.analyzer.nlp(src.prose)
    from authlint.measures.metrics import METRICS

    assert METRICS["url_count"](doc).value == 2
    assert METRICS["repeated_url_count"](doc).value == 1
