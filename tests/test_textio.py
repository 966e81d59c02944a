"""Reading post files: encodings, BOMs, binary files, limits and every way a path can be bad."""

from __future__ import annotations

import codecs
import errno
import io
import os
from pathlib import Path

import pytest

from authlint.errors import InputError
from authlint.io.textio import (
    DEFAULT_MAX_BYTES,
    BinaryFileError,
    InputTooLargeError,
    TextFormat,
    decode,
    encode,
    newline_style,
    read_post,
    read_stream,
)

TEXT = "Thanks to everyone who came — café 🎉\nSee you next time.\n"


def _write(tmp_path: Path, data: bytes, name: str = "post.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings and BOMs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", b""),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", codecs.BOM_UTF16_BE),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", codecs.BOM_UTF32_LE),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32-be", codecs.BOM_UTF32_BE),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf32be-bom"],
)
def test_bom_decides_encoding_and_round_trips(tmp_path: Path, data: bytes, encoding: str, bom: bytes) -> None:
    post = read_post(_write(tmp_path, data))
    assert post.text == TEXT  # the BOM is not part of the text
    assert post.format.encoding == encoding
    assert post.format.bom == bom
    assert not post.format.lossy
    assert encode(post.text, post.format) == data


def test_invalid_utf8_names_byte_offset_and_line(tmp_path: Path) -> None:
    data = b"first line\nsecond \xff line\n"
    with pytest.raises(InputError) as err:
        read_post(_write(tmp_path, data))
    message = str(err.value)
    assert message.startswith(str(tmp_path / "post.txt") + ": not valid UTF-8 at byte 18 (line 2, byte 0xff)")
    assert "--encoding" in message
    assert "\n" not in message


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"at byte 5 \(line 1, byte 0xc3\)"):
        read_post(_write(tmp_path, codecs.BOM_UTF8 + b"ab\xc3("))


def test_truncated_utf8_at_end_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"not valid UTF-8 at byte 3 "):
        read_post(_write(tmp_path, b"abc\xe2\x82"))


def test_replace_errors_opt_in_marks_the_post_lossy(tmp_path: Path) -> None:
    post = read_post(_write(tmp_path, b"caf\xe9 time"), errors="replace")
    assert post.text == "caf\ufffd time"
    assert post.format.lossy


def test_explicit_encoding_reads_legacy_text_and_round_trips(tmp_path: Path) -> None:
    data = "café — naïve".encode("cp1252")
    post = read_post(_write(tmp_path, data), encoding="cp1252")
    assert post.text == "café — naïve"
    assert post.format.encoding == "cp1252"
    assert encode(post.text, post.format) == data


def test_explicit_utf16_without_bom(tmp_path: Path) -> None:
    data = "hello there".encode("utf-16-le")  # contains NUL bytes, but the user said UTF-16
    post = read_post(_write(tmp_path, data), encoding="utf-16")
    assert post.text == "hello there"
    assert post.format.bom == b""
    assert encode(post.text, post.format) == data


def test_explicit_utf8_still_strips_and_keeps_a_bom(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b"hi"
    post = read_post(_write(tmp_path, data), encoding="utf8")
    assert post.text == "hi"
    assert encode(post.text, post.format) == data


def test_unknown_encoding_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"post.txt: unknown encoding 'klingon-8'"):
        read_post(_write(tmp_path, b"hi"), encoding="klingon-8")


# --- binary detection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contains NUL bytes"),
        (b"PK\x03\x04" + bytes(range(1, 9)) * 10, "control characters"),
        ("plain text".encode("utf-16-le"), "contains NUL bytes"),  # UTF-16 without BOM: unknowable
    ],
    ids=["png", "controls", "utf16-no-bom"],
)
def test_binary_files_are_recognised(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(BinaryFileError) as err:
        read_post(_write(tmp_path, data, "image.png"))
    assert isinstance(err.value, InputError)  # callers that only know InputError still cope
    assert "looks like a binary file" in str(err.value)
    assert reason in str(err.value)
    assert str(err.value).endswith("skipped")


def test_text_with_a_few_controls_is_not_binary(tmp_path: Path) -> None:
    data = b"Colour: \x1b[31mred\x1b[0m\tand a form feed\x0c\n" * 5 + b"one bell \x07 here\n"
    assert read_post(_write(tmp_path, data)).text.startswith("Colour")


# --- line breaks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "style"),
    [("a\nb\n", "\n"), ("a\r\nb\r\n", "\r\n"), ("a\rb\r", "\r"), ("one line", None), ("a\r\nb\nc", None), ("", None)],
)
def test_newline_style(text: str, style: str | None) -> None:
    assert newline_style(text) == style


@pytest.mark.parametrize("data", [b"a\r\nb\r\n", b"a\rb\r", b"a\nb", b"a\r\nb\nc\rd"])
def test_line_breaks_are_kept_in_the_text_and_round_trip(tmp_path: Path, data: bytes) -> None:
    post = read_post(_write(tmp_path, data))
    assert post.text == data.decode()  # offsets and columns are computed on the real text
    assert encode(post.text, post.format) == data


def test_encode_puts_inserted_breaks_in_the_file_style() -> None:
    fmt = TextFormat(encoding="utf-16-le", bom=codecs.BOM_UTF16_LE, newline="\r\n")
    assert encode("a\r\nb\nc", fmt) == codecs.BOM_UTF16_LE + "a\r\nb\r\nc".encode("utf-16-le")


def test_encode_leaves_mixed_breaks_alone() -> None:
    assert encode("a\r\nb\nc\r", TextFormat(newline=None)) == b"a\r\nb\nc\r"


# --- sizes -----------------------------------------------------------------------------------


def test_empty_and_whitespace_files_are_fine(tmp_path: Path) -> None:
    assert read_post(_write(tmp_path, b"")).text == ""
    assert read_post(_write(tmp_path, b" \n\t\r\n", "ws.txt")).text == " \n\t\r\n"


def test_a_10_mb_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: 10 MB without writing 10 MB
        handle.truncate(10_000_000)
    opened: list[object] = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or pytest.fail("file was opened"))
    with pytest.raises(InputTooLargeError) as err:
        read_post(path)
    assert str(err.value) == f"{path}: 10 MB is over the 100 KB limit for one post; split it into posts"
    assert not opened


def test_size_limit_is_exact_and_configurable(tmp_path: Path) -> None:
    path = _write(tmp_path, b"x" * 100)
    assert len(read_post(path, max_bytes=100).text) == 100
    with pytest.raises(InputTooLargeError, match=r": 100 bytes is over the 99 bytes limit"):
        read_post(path, max_bytes=99)


def test_default_limit_keeps_posts_under_spacys_max_length() -> None:
    assert DEFAULT_MAX_BYTES <= 1_000_000  # spaCy's nlp.max_length, in characters (>= UTF-8 bytes / 4)
    from authlint.engine.run import MAX_POST_CHARS

    assert MAX_POST_CHARS == DEFAULT_MAX_BYTES  # a file that is read is never refused by the Linter


def test_a_stream_over_the_limit_is_refused_without_reading_it_all() -> None:
    class Endless(io.RawIOBase):
        read_total = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[override]
            buffer[:] = b"a" * len(buffer)
            Endless.read_total += len(buffer)
            return len(buffer)

    with pytest.raises(InputTooLargeError, match=r"^<stdin>: input is over the 1 KB limit"):
        read_stream(io.BufferedReader(Endless()), max_bytes=1000)
    assert Endless.read_total < 100_000


# --- streams ---------------------------------------------------------------------------------


def test_read_stream_decodes_and_has_no_path() -> None:
    post = read_stream(io.BytesIO(codecs.BOM_UTF8 + b"hello\r\n"))
    assert (post.name, post.text, post.path, post.fingerprint) == ("<stdin>", "hello\r\n", None, None)
    assert post.format.newline == "\r\n"


def test_closed_stream_is_an_input_error() -> None:
    stream = io.BytesIO(b"hello")
    stream.close()
    with pytest.raises(InputError, match=r"^<stdin>: cannot read: stream is closed$"):
        read_stream(stream)


def test_stream_read_error_is_an_input_error() -> None:
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[override]
            raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(InputError, match=r"^<stdin>: cannot read: Input/output error$"):
        read_stream(Broken())


def test_pipe_stream_reads_what_was_written_before_close() -> None:
    read_fd, write_fd = os.pipe()
    os.write(write_fd, b"half a post")
    os.close(write_fd)  # the writer goes away early
    with os.fdopen(read_fd, "rb") as stream:
        assert read_stream(stream).text == "half a post"


# --- bad paths -------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"nope.txt: no such file or folder$"):
        read_post(path)


def test_folder_is_not_a_post(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r": is a folder, not a post file$"):
        read_post(tmp_path)


def test_symlink_loop(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(InputError, match=r"a.txt: symlink loop"):
        read_post(a)


def test_symlink_to_a_file_is_followed(tmp_path: Path) -> None:
    target = _write(tmp_path, b"real post")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    post = read_post(link)
    assert post.text == "real post"
    assert post.path == link


def test_device_is_not_a_post() -> None:
    with pytest.raises(InputError, match=r"^/dev/zero: not a regular file$"):
        read_post("/dev/zero")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied_real(tmp_path: Path) -> None:
    path = _write(tmp_path, b"secret")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match=r"post.txt: permission denied$"):
            read_post(path)
    finally:
        path.chmod(0o644)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, b"secret")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(InputError) as err:
        read_post(path)
    assert str(err.value) == f"{path}: permission denied"


def test_fingerprint_describes_the_bytes_read(tmp_path: Path) -> None:
    import hashlib

    data = b"a post\n"
    path = _write(tmp_path, data)
    post = read_post(path)
    assert post.fingerprint is not None
    assert post.fingerprint.size == len(data)
    assert post.fingerprint.sha256 == hashlib.sha256(data).hexdigest()
    assert post.fingerprint.mtime_ns == path.stat().st_mtime_ns


def test_decode_without_a_file() -> None:
    text, fmt = decode(codecs.BOM_UTF16_BE + "hé".encode("utf-16-be"))
    assert text == "hé"
    assert fmt == TextFormat(encoding="utf-16-be", bom=codecs.BOM_UTF16_BE, newline=None)
