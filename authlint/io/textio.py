"""Read a post file safely and remember how to write it back byte-for-byte.

A linter in a pre-commit hook sees whatever people commit, so reading never trusts the
input: binary files are recognised and skipped, BOMs (UTF-8, UTF-16, UTF-32) are honoured,
invalid UTF-8 is an error naming the byte offset (unless the caller opts into another
encoding or replacement), and a post larger than :data:`DEFAULT_MAX_BYTES` is refused before
it is read, so memory stays bounded. Every failure is an :class:`~authlint.errors.InputError`
with a one-line message that starts with the file name.

:func:`encode` is the exact inverse of the decoding done here: ``encode(post.text,
post.format) == original bytes`` whenever ``post.format.lossy`` is false.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from authlint.errors import InputError
from authlint.io.positions import LINE_BREAK as _BREAK

#: Largest post read by default (bytes). A social-media post is a few KB (Facebook's limit,
#: the longest, is 63,206 characters); analysis time and memory grow with post length
#: (measured: a 100 KB post takes 15-35 s and 630 MB), so larger files are refused unread.
DEFAULT_MAX_BYTES = 100_000
#: How much of the start of a file is sniffed for binary content.
SNIFF_BYTES = 8192
#: Share of C0 control bytes (other than tab, newlines, form feed, ESC) that marks a file binary.
CONTROL_SHARE = 0.10

Newline = Literal["\n", "\r\n", "\r"]
Errors = Literal["strict", "replace"]

# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE = ("utf-16", "utf-32")  # encodings whose text legitimately contains NUL bytes
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1b")
#: Every byte but the control characters that do not occur in text (for bytes.translate).
_NOT_CONTROL = bytes(b for b in range(256) if not ((b < 0x20 or b == 0x7F) and b not in _TEXT_CONTROLS))


class BinaryFileError(InputError):
    """The file looks binary (NUL bytes or many control characters): skip it with a notice."""


class InputTooLargeError(InputError):
    """The file is larger than the per-post size limit."""


@dataclass(frozen=True)
class TextFormat:
    """What is needed to turn the decoded text back into the same bytes."""

    encoding: str = "utf-8"
    """Python codec name, without BOM handling (``utf-8``, ``utf-16-le``, ``cp1252``...)."""
    bom: bytes = b""
    """The byte-order mark the file started with, or ``b""``."""
    newline: Newline | None = None
    """The one line-break style the file uses; ``None`` when it has none or mixes them."""
    lossy: bool = False
    """True when undecodable bytes were replaced: writing back would lose data."""


@dataclass(frozen=True)
class Fingerprint:
    """The state of a file when it was read, to notice it changed before writing it back."""

    mtime_ns: int
    size: int
    sha256: str


@dataclass(frozen=True)
class PostText:
    """One post as read from a file or stream."""

    name: str
    """How to refer to the post in messages (the path as given, or ``<stdin>``)."""
    text: str
    format: TextFormat
    path: Path | None = None
    """The file read, or ``None`` for a stream (which cannot be written back)."""
    fingerprint: Fingerprint | None = None


# --- reading ---------------------------------------------------------------------------------


def read_post(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    errors: Errors = "strict",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> PostText:
    """Read and decode one post file.

    ``encoding=None`` means: a BOM decides, else UTF-8. ``errors="replace"`` turns
    undecodable bytes into U+FFFD instead of failing (the result is then ``lossy``).
    Raises :class:`InputError` (or :class:`BinaryFileError` / :class:`InputTooLargeError`).
    """
    p = Path(path)
    name = str(path)
    try:
        info = os.stat(p)
    except OSError as exc:
        raise InputError(f"{name}: {_os_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: is a folder, not a post file")
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        raise InputError(f"{name}: not a regular file")
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise _too_large(name, info.st_size, max_bytes)
    try:
        with open(p, "rb") as handle:
            if stat.S_ISREG(info.st_mode):  # a buffered file read returns short only at the end
                data = handle.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise _too_large(name, None, max_bytes)
            else:
                data = _read_bounded(handle, name, max_bytes)
            after = os.fstat(handle.fileno())
    except OSError as exc:
        raise InputError(f"{name}: {_os_reason(exc)}") from None
    text, fmt = decode(data, name, encoding=encoding, errors=errors)
    fingerprint = (
        Fingerprint(after.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())
        if stat.S_ISREG(after.st_mode) else None
    )
    return PostText(name=name, text=text, format=fmt, path=p if fingerprint else None, fingerprint=fingerprint)


def read_stream(
    stream: BinaryIO,
    name: str = "<stdin>",
    *,
    encoding: str | None = None,
    errors: Errors = "strict",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> PostText:
    """Read one post from a binary stream such as ``sys.stdin.buffer`` (closed early is an error)."""
    try:
        data = _read_bounded(stream, name, max_bytes)
    except (OSError, ValueError) as exc:  # ValueError: I/O operation on closed file
        reason = _os_reason(exc) if isinstance(exc, OSError) else "stream is closed"
        raise InputError(f"{name}: cannot read: {reason}") from None
    text, fmt = decode(data, name, encoding=encoding, errors=errors)
    return PostText(name=name, text=text, format=fmt)


def _read_bounded(handle: BinaryIO, name: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; one byte more means the input is over the limit."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = handle.read(min(1 << 16, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        raise _too_large(name, None, max_bytes)
    return b"".join(chunks)


def _too_large(name: str, size: int | None, max_bytes: int) -> InputTooLargeError:
    got = f"{human_size(size)} is" if size is not None else "input is"
    return InputTooLargeError(
        f"{name}: {got} over the {human_size(max_bytes)} limit for one post; split it into posts"
    )


def human_size(size: int) -> str:
    """A human size: ``10 MB``, ``1.5 MB``, ``64 KB``, ``99 bytes`` (decimal units)."""
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a post file"
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is not a folder"
    return exc.strerror or str(exc)


# --- decoding --------------------------------------------------------------------------------


def decode(
    data: bytes, name: str = "<input>", *, encoding: str | None = None, errors: Errors = "strict"
) -> tuple[str, TextFormat]:
    """Bytes -> (text, format). See :func:`read_post` for ``encoding`` and ``errors``."""
    codec = _codec_name(encoding, name) if encoding else None
    bom, detected = _sniff_bom(data, codec)
    body = data[len(bom):]
    if detected is None and codec is None:
        detected = _sniff_wide(body)  # UTF-16/32 without a BOM: NUL bytes in a pattern, not binary
    codec = detected or codec or "utf-8"
    if not codec.startswith(_WIDE):
        _reject_binary(body, name)
    try:
        text = body.decode(codec)
        lossy = False
    except UnicodeDecodeError as exc:
        if errors == "strict":
            raise InputError(_decode_message(name, codec, data, exc.start + len(bom))) from None
        text = body.decode(codec, errors=errors)
        lossy = True
    return text, TextFormat(encoding=codec, bom=bom, newline=newline_style(text), lossy=lossy)


def _codec_name(encoding: str, name: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"{name}: unknown encoding '{encoding}'") from None


def _sniff_bom(data: bytes, codec: str | None) -> tuple[bytes, str | None]:
    """The BOM and the codec it implies. With an explicit encoding only a matching BOM counts."""
    if codec == "utf-8-sig":
        codec = "utf-8"
    for bom, implied in _BOMS:
        if data.startswith(bom):
            if codec is None or implied == codec or implied.startswith(codec + "-"):
                return bom, implied
    if codec in ("utf-16", "utf-32"):  # no BOM: Python's own default byte order would guess
        return b"", codec + "-le"
    return b"", codec


def _sniff_wide(data: bytes) -> str | None:
    """The UTF-16/32 byte order of BOM-less text, from where its NUL bytes fall (mostly-ASCII
    text in UTF-16-LE has a NUL in every odd byte), confirmed by a strict decode that yields
    no NUL and no control characters; None for anything else (then binary sniffing decides)."""
    head = data[:SNIFF_BYTES]
    if b"\x00" not in head or len(head) < 4:
        return None
    for codec, width, zero_at in (("utf-32-le", 4, (1, 2, 3)), ("utf-32-be", 4, (0, 1, 2)),
                                  ("utf-16-le", 2, (1,)), ("utf-16-be", 2, (0,))):
        if len(data) % width:
            continue
        units = len(head) // width
        zeros = sum(head[i + k] == 0 for i in range(0, units * width, width) for k in zero_at)
        if zeros < 0.5 * units * len(zero_at):
            continue
        try:
            text = head[:units * width].decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and not any(ch < " " and ch not in "\t\n\r\f" for ch in text):
            return codec
    return None


def _reject_binary(data: bytes, name: str) -> None:
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        raise BinaryFileError(f"{name}: looks like a binary file (contains NUL bytes); skipped")
    if head:
        controls = len(head.translate(None, _NOT_CONTROL))  # counted in C: deletes all but controls
        if controls / len(head) > CONTROL_SHARE:
            raise BinaryFileError(
                f"{name}: looks like a binary file ({controls / len(head):.0%} control characters); skipped"
            )


def _decode_message(name: str, codec: str, data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    label = "UTF-8" if codec == "utf-8" else codec
    return (
        f"{name}: not valid {label} at byte {offset} (line {line}, byte 0x{data[offset]:02x}); "
        f"use --encoding to read it as another encoding"
    )


def newline_style(text: str) -> Newline | None:
    """The single line-break style of ``text``, or ``None`` if it has no breaks or mixes them."""
    if "\r" not in text:  # the common case, without a match object per line
        return "\n" if "\n" in text else None
    styles = {m.group() for m in _BREAK.finditer(text)}
    if len(styles) == 1:
        return styles.pop()  # type: ignore[return-value]
    return None


# --- encoding (the inverse) ------------------------------------------------------------------


def encode(text: str, fmt: TextFormat) -> bytes:
    """Text -> bytes in ``fmt``: same codec, same BOM, line breaks in the file's own style.

    Raises :class:`UnicodeEncodeError` if ``text`` has characters the codec cannot hold.
    """
    if fmt.newline is not None:
        newline = fmt.newline
        text = _BREAK.sub(lambda _: newline, text)
    return fmt.bom + text.encode(fmt.encoding)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "BinaryFileError",
    "Fingerprint",
    "InputTooLargeError",
    "PostText",
    "TextFormat",
    "decode",
    "encode",
    "human_size",
    "newline_style",
    "read_post",
    "read_stream",
]
