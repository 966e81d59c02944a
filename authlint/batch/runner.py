"""``authlint batch``: lint tables of posts into a table of results, in-process or on Dask.

Inputs are streamed (:func:`authlint.io.tables.iter_rows`) and cut into partitions of
``partition_rows`` rows; each partition is linted by :func:`authlint.batch.partition.lint_partition`
-- here (with ``jobs`` worker processes) or as a task on a Dask cluster -- and written in input
order. At most a few partitions per worker are in flight, so memory stays flat for any input.

The output is one file (written atomically at the end) or, when ``--out`` is a folder, one
file per partition (each written atomically as it completes) plus a manifest of the run, so
``--resume`` can skip the partitions already there, and refuses when the inputs, fields or
config are not those of the run that wrote them. Dask retries a partition whose worker dies;
since the driver writes every partition, each row is written exactly once.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from authlint.batch.schema import SEVERITIES, count_column
from authlint.batch.sinks import FORMATS, TableFormat, TableWriter, format_for, write_table
from authlint.errors import AuthlintError, InputError
from authlint.io.bulk import BULK_SUFFIXES, BulkFormat
from authlint.settings.config import Config
from authlint.support.iterx import chunked
from authlint.support.records import plain

if TYPE_CHECKING:
    import pandas as pd

#: Rows per partition: big enough that a task's overhead is noise, small enough to resume often.
PARTITION_ROWS = 5_000
MANIFEST = "_authlint_batch.json"
#: Tasks kept in flight per Dask worker.
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class Input:
    """One input table and the config that governs it (discovered from its folder)."""

    path: str
    fmt: BulkFormat
    config: Config


@dataclass(frozen=True)
class BatchOptions:
    text_field: str = "text"
    id_field: str = "id"
    encoding: str | None = None
    id_required: bool = False
    """``--id-field`` was given: an input without that column is an error, not numbered rows."""
    partition_rows: int = PARTITION_ROWS
    jobs: int = 1
    scheduler: str | None = None
    """None: in this process; ``local`` or ``local:N``: a LocalCluster of N workers; ``tcp://HOST:PORT``."""
    resume: bool = False
    out_format: TableFormat | None = None
    """The partitions' format when the output is a folder (default: Parquet)."""


@dataclass
class Summary:
    """What a run did, for the summary printed at the end (and the benchmark)."""

    rows: int = 0
    not_checked: int = 0
    findings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    score_sum: float = 0.0
    partitions: int = 0
    skipped: int = 0
    seconds: float = 0.0
    workers: int = 1
    first_problem: str | None = None
    """Why the first row not checked was not checked (bad input: not JSON, too large, no text)."""

    def add(self, df: pd.DataFrame) -> None:
        self.rows += len(df)
        self.partitions += 1
        unchecked = df["score"].isna()
        self.not_checked += int(unchecked.sum())
        if self.first_problem is None and unchecked.any():
            self.first_problem = str(df["error"][unchecked].dropna().iloc[0]) if df["error"][unchecked].notna().any() else "no reason given"
        self.score_sum += float(df["score"].sum(skipna=True))
        for severity in SEVERITIES:
            self.findings[severity] += int(df[count_column(severity)].sum())

    def lines(self, out: str) -> list[str]:
        checked = self.rows - self.not_checked
        skipped = f" ({self.skipped} already written, skipped)" if self.skipped else ""
        found = ", ".join(f"{n:,} {s}" for s, n in self.findings.items())
        mean = f"{self.score_sum / checked:.1f}" if checked else "-"
        rate = f"{self.rows / self.seconds:,.0f} posts/s" if self.seconds > 0 else "-"
        lines = [
            f"authlint batch: {self.rows:,} rows in {self.partitions} partition{'s' if self.partitions != 1 else ''}{skipped} -> {out}",
            f"  checked {checked:,}; not checked {self.not_checked:,}" + (" (see the error column)" if self.not_checked else ""),
            f"  findings: {found}; mean score {mean}",
            f"  {self.seconds:.1f} s, {rate} on {self.workers} worker{'s' if self.workers != 1 else ''}",
        ]
        return lines

    def problem(self, out: str) -> str | None:
        """The one-line error for rows that were not checked (None: every row was), as ``check``
        reports a bad row: the run is written, and still exits 2."""
        if not self.not_checked:
            return None
        rows = f"{self.not_checked:,} row{'s' if self.not_checked != 1 else ''}"
        return f"{rows} not checked (bad input; the error column of {out} says why), the first: {self.first_problem}"


def input_format(path: str, given: str) -> BulkFormat:
    if given != "auto":
        return given  # type: ignore[return-value]
    try:
        return BULK_SUFFIXES[Path(path).suffix.lower()]
    except KeyError:
        raise InputError(f"{path}: cannot tell the table format from its suffix (use --input-format jsonl, csv or parquet)") from None


# --- partitions in -----------------------------------------------------------------------------


def partitions(inputs: Sequence[Input], opts: BatchOptions) -> Iterator[tuple[str, Input, Callable[[], pd.DataFrame]]]:
    """``(name, input, rows)`` per partition, in order; ``rows()`` builds its DataFrame (not
    called for a partition that is skipped, though its rows are still read past)."""
    from authlint.io.tables import iter_rows

    for number, source in enumerate(inputs):
        rows = iter_rows(source.path, source.fmt, opts.text_field, opts.id_field, encoding=opts.encoding,
                         id_required=opts.id_required)
        for part, chunk in enumerate(chunked(rows, opts.partition_rows)):
            yield f"part-{number:03d}-{part:06d}", source, (lambda chunk=chunk: _frame(chunk))  # type: ignore[misc]


def _frame(chunk: list[Any]) -> pd.DataFrame:
    import pandas as pd

    data = {name: pd.array([getattr(r, name) for r in chunk], dtype="string")
            for name in ("id", "text", "platform", "author", "error")}
    return pd.DataFrame(data)


# --- where partitions are linted ---------------------------------------------------------------


Work = Iterator[tuple[str, Input, Callable[[], "pd.DataFrame"]]]


def _in_process(work: Work, opts: BatchOptions) -> Iterator[tuple[str, pd.DataFrame]]:
    from authlint.batch.partition import lint_partition

    for name, source, rows in work:
        yield name, lint_partition(rows(), config=source.config, error="error", jobs=opts.jobs)


def _on_dask(work: Work, inputs: Sequence[Input], opts: BatchOptions, summary: Summary) -> Iterator[tuple[str, pd.DataFrame]]:
    from authlint.batch.cluster import connect
    from authlint.batch.partition import lint_partition, worker_linter

    def warm() -> None:  # the Linters the tasks will ask for, loaded once for every forked worker
        for config in {id(s.config): s.config for s in inputs}.values():
            worker_linter(config)[0].prepare()

    with connect(opts.scheduler or "local", opts.jobs, warm=warm) as client:
        summary.workers = max(1, len(client.nthreads()))
        window = IN_FLIGHT_PER_WORKER * summary.workers + 1
        pending: deque[tuple[str, Any]] = deque()
        for name, source, rows in work:
            future = client.submit(lint_partition, rows(), config=source.config, error="error",
                                   key=f"authlint-{name}-{os.getpid()}-{time.monotonic_ns()}", retries=3, pure=False)
            pending.append((name, future))
            while len(pending) >= window:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())


def _result(name: str, future: Any) -> tuple[str, pd.DataFrame]:
    try:
        return name, future.result()
    except AuthlintError:
        raise
    except Exception as exc:  # noqa: BLE001 - a worker's failure, worded for the one-line error
        text = str(exc).strip().splitlines()
        raise AuthlintError(f"{name}: failed on the cluster: {type(exc).__name__}: {text[0] if text else ''}") from None


# --- results out -------------------------------------------------------------------------------


def _manifest(inputs: Sequence[Input], opts: BatchOptions, fmt: TableFormat) -> dict[str, Any]:
    files = []
    for source in inputs:
        info = os.stat(source.path)
        files.append({"path": str(Path(source.path).resolve()), "size": info.st_size, "mtime_ns": info.st_mtime_ns,
                      "config": json.dumps(plain(source.config), sort_keys=True, default=str)})
    return {"inputs": files, "text_field": opts.text_field, "id_field": opts.id_field,
            "partition_rows": opts.partition_rows, "format": fmt}


def _is_folder(out: Path) -> bool:
    return out.is_dir() or str(out).endswith(os.sep) or (not out.suffix and not out.exists())


def run_batch(inputs: Sequence[Input], out: str | Path, opts: BatchOptions,
              progress: Callable[[Summary], None] | None = None) -> Summary:
    """Lint ``inputs`` into ``out`` (a table file, or a folder of partitions); what was done."""
    out = Path(out)
    for source in inputs:
        if not os.path.isfile(source.path):
            raise InputError(f"{source.path}: {'is a folder, not a table' if os.path.isdir(source.path) else 'no such file'}")
    summary = Summary(workers=opts.jobs)
    started = time.monotonic()
    work = partitions(inputs, opts)
    with ExitStack() as stack:
        if _is_folder(out):
            fmt = opts.out_format or "parquet"
            skip = _prepare_folder(out, _manifest(inputs, opts, fmt), opts.resume)
            suffix = next(s for s, f in FORMATS.items() if f == fmt)

            def wanted(item: tuple[str, Input, Callable[[], pd.DataFrame]]) -> bool:
                if (out / f"{item[0]}{suffix}").exists() and skip:
                    summary.skipped += 1
                    return False
                return True

            def write(name: str, df: pd.DataFrame) -> None:
                write_table(df, out / f"{name}{suffix}", fmt)
        else:
            if opts.resume:
                raise AuthlintError("--resume needs --out to be a folder: the partitions written are what it resumes")
            writer = stack.enter_context(TableWriter(out, format_for(out)))

            def wanted(item: tuple[str, Input, Callable[[], pd.DataFrame]]) -> bool:
                return True

            def write(name: str, df: pd.DataFrame) -> None:
                writer.write(df)

        todo = (item for item in work if wanted(item))
        results = _on_dask(todo, inputs, opts, summary) if opts.scheduler else _in_process(todo, opts)
        for name, df in results:
            write(name, df)
            summary.add(df)
            summary.seconds = time.monotonic() - started
            if progress is not None:
                progress(summary)
    summary.seconds = time.monotonic() - started
    return summary


def _prepare_folder(out: Path, manifest: dict[str, Any], resume: bool) -> bool:
    """Create or check the output folder; True when existing partitions are to be kept."""
    from authlint.io.atomic import replacing

    if out.exists() and not out.is_dir():
        raise AuthlintError(f"{out}: is a file; a folder output must be a folder")
    out.mkdir(parents=True, exist_ok=True)
    written = any(p.name.startswith("part-") for p in out.iterdir())
    marker = out / MANIFEST
    if written:
        if not resume:
            raise AuthlintError(f"{out}: has partitions of an earlier run; add --resume to finish it, or remove them")
        try:
            previous = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise AuthlintError(f"{out}: has partitions but no readable {MANIFEST}; remove them to start again") from None
        if previous != manifest:
            raise AuthlintError(f"{out}: was written from other inputs, fields or config; "
                                "remove it (or choose another --out) to start again")
        return True
    with replacing(marker) as temp:
        temp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return False


def terminal_progress(summary: Summary) -> None:
    """A one-line counter on stderr (only when stderr is a terminal)."""
    rate = summary.rows / summary.seconds if summary.seconds else 0.0
    sys.stderr.write(f"\rauthlint: batch: {summary.rows:,} rows, {summary.partitions} partitions, {rate:,.0f} posts/s")
    sys.stderr.flush()


__all__ = ["PARTITION_ROWS", "BatchOptions", "Input", "Summary", "input_format", "partitions", "run_batch"]
