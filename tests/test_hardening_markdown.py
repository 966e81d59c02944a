"""Markdown masking with a real block parser: code in lists, blockquotes and indented blocks,
multi-line code spans, <script>/<style> and comments are not prose; offsets stay exact."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authlint import Linter
from authlint.io.markdown_blocks import code_block_lines, may_have_blocks
from authlint.io.positions import LineIndex
from authlint.io.source import extract

SECRET = "Buy now"  # a hard sell (PRO101) when it is prose


@pytest.mark.parametrize(
    "text",
    [
        "Intro line.\n\n    Buy now and save\n\nAfter.\n",  # indented code block
        "Intro line.\n\n\tBuy now and save\n\nAfter.\n",  # indented by a tab
        "Steps:\n\n1. Install it:\n\n   ```sh\n   Buy now --yes\n   ```\n2. Done.\n",  # fence in an ordered list
        "- one\n- two\n  ~~~\n  Buy now\n  ~~~\n",  # tilde fence in a bullet list
        "> Quoted:\n> ```\n> Buy now\n> ```\n\nAfter.\n",  # fence in a blockquote
        "> - nested\n>   ```\n>   Buy now\n>   ```\n",  # fence in a list in a blockquote
        "- item\n\n  ```\n  Buy now, never closed\n",  # unclosed fence in a list runs to its end
        "Run `npm run\nBuy now` to start.\n",  # a code span over a line break
        "Page.\n\n<script>\nconst label = 'Buy now';\n</script>\n\nAfter.\n",
        "Page.\n\n<style>\n.Buy now { color: red }\n</style>\n",
        "Text <script>var x = 'Buy now'</script> inline.\n",
        "Text <STYLE type='text/css'>Buy now {}</STYLE> inline.\n",
        "Page.\n<!--\nBuy now\n-->\nAfter.\n",  # multi-line comment
        "Page.\r\n\r\n    Buy now\r\n\r\nAfter.\r\n",  # CRLF
        "Page.\r\rBuy\r\r```\rBuy now\r```\rAfter.\r",  # lone CR
    ],
)
def test_code_and_raw_html_are_masked(text: str) -> None:
    prose = extract(text, "markdown").prose
    assert SECRET not in prose
    assert len(prose) == len(text)
    assert [i for i, c in enumerate(prose) if c in "\r\n"] == [i for i, c in enumerate(text) if c in "\r\n"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("- item\n    Buy now, a lazy continuation of the item\n", "Buy now, a lazy"),  # not code: inside a list item
        ("A paragraph\n    Buy now continues it\n", "Buy now continues"),  # an indented line cannot interrupt a paragraph
        ("Say `one` then Buy now and `two`.\n", "then Buy now and"),
        ("Open `tick\n\nBuy now` after a blank line is not a code span\n", "Buy now"),
        ("<div>\nBuy now from the div\n</div>\n", "Buy now from the div"),  # readers see a div's text
    ],
)
def test_prose_next_to_markup_stays_prose(text: str, kept: str) -> None:
    assert kept in extract(text, "markdown").prose


def test_mdx_has_no_indented_code_blocks() -> None:
    text = "Intro.\n\n    Buy now, indented only for layout\n"
    assert SECRET in extract(text, "mdx").prose
    assert SECRET not in extract(text, "markdown").prose


def test_front_matter_never_reads_as_markdown() -> None:
    text = "---\ntitle: |\n    ```\n---\nBuy now\n"
    prose = extract(text, "markdown").prose
    assert "Buy now" in prose  # the fence-looking front matter line opened no code block


def test_the_parser_is_not_asked_about_posts_without_blocks() -> None:
    assert not may_have_blocks("Plain post. With `code` and <b>bold</b> and a [link](https://x.io).\n")
    assert code_block_lines("Plain post.\n") == []
    assert may_have_blocks("x\n\n    code\n") and may_have_blocks("<script>") and may_have_blocks("~~~")


def test_findings_after_masked_blocks_keep_their_columns(linter: Linter) -> None:
    text = "Intro.\n\n- step\n\n  ```\n  Buy now\n  ```\n\n> ```\n> Buy now\n> ```\n\nLink in bio. Buy now before it ends!\n"
    src = extract(text, "markdown")
    report = linter.check(src.prose)
    hard_sells = [f for f in report.findings if f.rule == "PRO101"]
    assert len(hard_sells) == 1
    f = hard_sells[0]
    assert text[f.start:f.end] == f.text
    assert LineIndex(text).position(f.start) == (f.line, f.column) == (13, 14)


MARKUP = ["```", "~~~", "    ", "\t", "> ", "- ", "1. ", "`", "``", "<script>", "</script>", "<style>", "</style>",
          "<!--", "-->", "<div>", "[a](b)", "![i](j)", "\n", "\r\n", "\r", "\n\n", " ", "Buy now", "text", "é", "👩‍👩‍👧", "{x}",
          "import x\n", "---\n", "\x00"]
markdownish = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=markdownish, kind=st.sampled_from(["markdown", "mdx", "text"]))
def test_masking_never_changes_length_or_line_breaks(text: str, kind: str) -> None:
    try:
        prose = extract(text, kind).prose  # type: ignore[arg-type]
    except Exception as exc:
        from authlint.errors import InputError

        assert isinstance(exc, InputError), exc
        return
    assert len(prose) == len(text)
    for original, masked in zip(text, prose):
        if original in "\r\n":
            assert masked == original
        else:
            assert masked not in "\r\n"
