"""Stream the rows of a bulk export (JSONL, CSV, Parquet) from a file of any size.

Nothing is read whole: JSONL one line at a time, CSV one record at a time, Parquet one record
batch at a time (pyarrow, an optional dependency imported only here), so memory stays flat
however large the export. The per-post size limit of :mod:`authlint.io.textio` applies to each
row; a row over it is skipped without being held in memory and reported with its line. A bad
row becomes a :class:`~authlint.io.bulk.Row` with an ``error``; the rows after it are still read.
A problem with the whole file (cannot be opened, is not Parquet, lacks the text column or a
column named by ``--id-field``, or its Parquet text column is not text) is an
:class:`~authlint.errors.InputError` with a one-line message that starts with the file's name.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from authlint.errors import InputError
from authlint.io.bulk import BulkFormat, Row, missing_id, row_from_mapping, row_id
from authlint.io.textio import DEFAULT_MAX_BYTES, human_size
from authlint.support.nesting import TooDeepError, loads_json

#: Rows per Parquet record batch read at once.
PARQUET_BATCH_ROWS = 2048
_SKIP_CHUNK = 1 << 20
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

Source = str | os.PathLike[str] | BinaryIO


def iter_rows(
    source: Source, fmt: BulkFormat, text_field: str = "text", id_field: str = "id", *,
    name: str | None = None, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    id_required: bool = False,
) -> Iterator[Row]:
    """Rows of the export at ``source`` (a path, or an open binary stream such as stdin), in order.

    ``name`` is how messages refer to it (default: the path). ``encoding`` decodes JSONL and CSV
    (default: UTF-8, with or without a BOM). ``id_required``: ``id_field`` was named by the user
    (``--id-field``), so a file without it is an error rather than numbered rows. Raises
    :class:`InputError` for the whole file.
    """
    fields = _Fields(text_field, id_field, id_required)
    label = name or (str(source) if isinstance(source, (str, os.PathLike)) else "<stdin>")
    if fmt == "parquet":
        if not isinstance(source, (str, os.PathLike)):
            raise InputError(f"{label}: Parquet cannot be read from a stream; name the file")
        yield from _parquet_rows(Path(source), label, fields, max_bytes)
        return
    with ExitStack() as stack:
        handle = _open(source, label) if isinstance(source, (str, os.PathLike)) else source
        if handle is not source:
            stack.enter_context(handle)
        reader = _jsonl_rows if fmt == "jsonl" else _csv_rows
        yield from reader(handle, label, fields, encoding, max_bytes)


@dataclass(frozen=True)
class _Fields:
    """Which columns hold the post and its id, and whether the id column must exist."""

    text: str
    id: str
    id_required: bool = False

    def row(self, data: object, where: str, number: int) -> Row:
        return row_from_mapping(data, where, number, self.text, self.id, self.id_required)

    def check_columns(self, label: str, names: list[str]) -> None:
        """A file without the text column, or without the ``--id-field`` column the user named."""
        if self.text not in names:
            raise InputError(f"{label}: no column '{self.text}' (columns: {', '.join(names) or 'none'}; use --text-field)")
        if self.id_required and self.id not in names:
            raise InputError(f"{label}: {missing_id(self.id, names)}")


def _open(path: str | os.PathLike[str], label: str) -> BinaryIO:
    if os.path.isdir(path):
        raise InputError(f"{label}: is a folder, not an export file")
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"{label}: cannot read: {exc.strerror or exc}") from None


def _codec(handle: BinaryIO, label: str, encoding: str | None) -> str:
    """The encoding to decode with; a UTF-8 BOM is dropped by ``utf-8-sig``."""
    if encoding:
        try:
            return codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"{label}: unknown encoding '{encoding}'") from None
    peek = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
    if any(peek.startswith(bom) for bom in _WIDE_BOMS):
        raise InputError(f"{label}: UTF-16/UTF-32 exports are not read row by row; convert the file to UTF-8")
    return "utf-8-sig"


def _too_large(where: str, size: int, max_bytes: int) -> str:
    return f"{where}: row is {human_size(size)}, over the {human_size(max_bytes)} limit for one post; not checked"


def _jsonl_rows(handle: BinaryIO, label: str, fields: _Fields, encoding: str | None, max_bytes: int) -> Iterator[Row]:
    codec = _codec(handle, label, encoding)
    decoder_name = "utf-8" if codec == "utf-8-sig" else codec
    number = 0
    while True:
        line = handle.readline(max_bytes + 2)  # the row, its line break, and one byte to know it is over
        if not line:
            return
        number += 1
        if number == 1 and codec == "utf-8-sig" and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8):]
        where = f"line {number}"
        if len(line.rstrip(b"\r\n")) > max_bytes:
            size = len(line)
            while line and not line.endswith(b"\n"):  # skip the rest of the row, a chunk at a time
                line = handle.readline(_SKIP_CHUNK)
                size += len(line)
            yield Row(str(number), error=_too_large(where, size - 1, max_bytes))
            continue
        try:
            text = line.decode(decoder_name)
        except UnicodeDecodeError as exc:
            yield Row(str(number), error=f"{where}: not valid {decoder_name} (byte {exc.start + 1} of the row)")
            continue
        if not text.strip():
            continue
        try:
            data = loads_json(text)
        except json.JSONDecodeError as exc:
            yield Row(str(number), error=f"{where}: not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        except TooDeepError as exc:  # a row nested past the bound would blow the parser's stack
            yield Row(str(number), error=f"{where}: not valid JSON: {exc}")
            continue
        yield fields.row(data, where, number)


def _csv_rows(handle: BinaryIO, label: str, fields: _Fields, encoding: str | None, max_bytes: int) -> Iterator[Row]:
    # A record is parsed field by field by the csv module, which refuses a field over its
    # field_size_limit (131,072 characters by default) without keeping the rest: a huge row
    # costs at most that much memory. Rows under that but over max_bytes are refused below.
    text = io.TextIOWrapper(handle, encoding=_codec(handle, label, encoding), newline="")  # type: ignore[arg-type]
    try:
        reader = csv.DictReader(text)
        _check_header(reader, label, fields)
        number, line = 0, 1
        while True:
            where = f"line {line + 1}"  # the header is line 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                line = reader.line_num
                yield Row(str(number), error=f"{where}: not valid CSV: {exc}")
                continue
            except UnicodeDecodeError as exc:
                yield Row(str(number + 1), error=f"{where}: not valid {text.encoding} ({exc.reason}); rows after it not read")
                return
            number += 1
            line = reader.line_num
            if None in record:
                record.pop(None)  # more values than header fields: the extra ones have no name
            size = sum(len(v.encode("utf-8", "surrogatepass")) for v in record.values() if isinstance(v, str))
            if size > max_bytes:
                yield Row(row_id(record, fields.id, number), error=_too_large(where, size, max_bytes))
                continue
            yield fields.row(record, where, number)
    finally:
        text.detach()  # the caller owns (and closes) the binary stream


def _check_header(reader: csv.DictReader[str], label: str, fields: _Fields) -> None:
    """A header without the text column (or the ``--id-field`` column) is a problem of the
    whole file, as in Parquet (every row would be refused for the same reason). An unreadable
    header is left to the rows."""
    try:
        header = reader.fieldnames
    except (csv.Error, UnicodeDecodeError):
        return
    if header is not None:
        fields.check_columns(label, list(header))


def _is_text(kind: object) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type  # type: ignore[attr-defined]
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind) or pa.types.is_null(kind))


def _parquet_rows(path: Path, label: str, fields: _Fields, max_bytes: int) -> Iterator[Row]:
    parquet = _pyarrow_parquet(label)
    import pyarrow as pa

    if path.is_dir():
        raise InputError(f"{label}: is a folder, not a Parquet file")
    try:
        table = parquet.ParquetFile(path)
    except OSError as exc:
        raise InputError(f"{label}: cannot read: {exc.strerror or _first_line(exc)}") from None
    except pa.ArrowException as exc:
        raise InputError(f"{label}: not a valid Parquet file ({_first_line(exc)})") from None
    names = table.schema_arrow.names
    fields.check_columns(label, names)
    text_field, id_field = fields.text, fields.id
    kind = table.schema_arrow.field(text_field).type
    if not _is_text(kind):
        raise InputError(f"{label}: column '{text_field}' holds {kind}, not text (use --text-field)")
    columns = list(dict.fromkeys(c for c in (text_field, id_field, "platform", "author") if c in names))
    number = 0
    try:
        for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            for record in batch.to_pylist():
                number += 1
                where = f"row {number}"
                text = record.get(text_field)
                if isinstance(text, str) and len(text) > max_bytes // 4 and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
                    yield Row(row_id(record, id_field, number), error=_too_large(where, len(text.encode("utf-8", "surrogatepass")), max_bytes))
                    continue
                yield fields.row(record, where, number)
    except pa.ArrowException as exc:
        raise InputError(f"{label}: not a valid Parquet file after row {number} ({_first_line(exc)})") from None


def _pyarrow_parquet(label: str):  # type: ignore[no-untyped-def]
    try:
        from pyarrow import parquet
    except ImportError:
        raise InputError(f"{label}: reading Parquet needs pyarrow: pip install 'authlint[parquet]'") from None
    return parquet


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = ["PARQUET_BATCH_ROWS", "iter_rows"]
