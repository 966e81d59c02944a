"""authlint offsets <-> LSP positions, in UTF-16, UTF-8 and UTF-32, against Python's own codecs."""

from __future__ import annotations

import regex as re_
from hypothesis import given, settings
from hypothesis import strategies as st

from authlint.lsp.positions import PositionMap, line_break

FAMILY = "👨\u200d👩\u200d👧"  # a ZWJ sequence: five code points, eight UTF-16 units, 18 UTF-8 bytes


def reference(text: str, offset: int, encoding: str) -> tuple[int, int]:
    """The position the LSP spec defines: lines split at \\r\\n, \\r, \\n; characters in code units."""
    starts = [0] + [m.end() for m in re_.finditer(r"\r\n|\r|\n", text)]
    line = max(i for i, s in enumerate(starts) if s <= offset)
    prefix = text[starts[line]:offset]
    if encoding == "utf-16":
        return line, len(prefix.encode("utf-16-le", "surrogatepass")) // 2
    if encoding == "utf-8":
        return line, len(prefix.encode("utf-8", "surrogatepass"))
    return line, len(prefix)


def test_emoji_zwj_cjk_crlf() -> None:
    text = f"{FAMILY} 家族\r\nOh great 🎉 yes\rthird\n"
    utf16, utf8 = PositionMap(text, "utf-16"), PositionMap(text, "utf-8")
    after_family = text.index(" 家")
    assert utf16.position(after_family) == (0, 8)
    assert utf8.position(after_family) == (0, 18)
    assert utf16.position(text.index("家族") + 2) == (0, 11)
    assert utf8.position(text.index("家族") + 2) == (0, 25)
    assert utf16.position(text.index("Oh")) == (1, 0)  # CRLF is one break
    assert utf16.position(text.index("yes")) == (1, 12)
    assert utf8.position(text.index("yes")) == (1, 14)
    assert utf16.position(text.index("third")) == (2, 0)  # a lone CR is a break too
    assert utf16.offset(0, 8) == after_family and utf8.offset(0, 18) == after_family


def test_positions_inside_a_character_snap_to_its_start_and_past_the_end_to_the_line_end() -> None:
    text = "a🎉b\r\nnext"
    utf16, utf8 = PositionMap(text, "utf-16"), PositionMap(text, "utf-8")
    assert utf16.offset(0, 2) == 1  # between the two surrogates of 🎉
    assert utf8.offset(0, 3) == 1  # inside its four bytes
    assert utf16.offset(0, 99) == 3  # before the \r\n, not after
    assert utf16.offset(7, 0) == len(text)
    assert utf16.position(len(text) + 10) == (1, 4)


def test_line_break_style() -> None:
    assert line_break("a\r\nb\nc") == "\r\n"
    assert line_break("a\rb") == "\r"
    assert line_break("no breaks") == "\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(["\r\n", "\r", "\n", FAMILY, "🇫🇷", "家"])).map("".join),
       st.sampled_from(["utf-16", "utf-8", "utf-32"]), st.data())
def test_round_trip_matches_the_codecs(text: str, encoding: str, data: st.DataObject) -> None:
    positions = PositionMap(text, encoding)  # type: ignore[arg-type]
    offset = data.draw(st.integers(0, len(text)))
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        offset -= 1  # between \r and \n is not a position a client can name
    line, character = positions.position(offset)
    assert (line, character) == reference(text, offset, encoding)
    assert positions.offset(line, character) == offset
