"""Benchmark of ``authlint batch`` past one process (``make bench-batch``; bench/results-batch.json).

Measures, on posts made by repeating and perturbing the bench corpus (bench/corpus.py):

* ``authlint batch posts.parquet --out results.parquet --scheduler local:W`` (a LocalCluster of
  W single-threaded worker processes) against ``authlint check posts.jsonl --jobs W --no-cache``
  on the same posts: posts/s, words/s, the ratio, and the peak RSS of every worker process
  (sampled from /proc every 0.5 s); both are whole commands, start-up included;
* a projection, from the per-worker rate, of the time for 100 million posts on 50 workers;
* the peak RSS of streaming JSONL exports of ``--stream-small-mb`` and ``--stream-mb`` MB
  through :func:`authlint.io.tables.iter_rows` and through ``authlint batch``: flat memory
  means the same peak for both sizes.

The comparison runs in ``--rounds`` paired rounds of ``--posts-per-round`` posts each side, the
order alternating, and reports the median paired ratio with its range: on a shared machine the
load drifts, and a pair measured back to back sees about the same load. Run it under
``nice -n 10`` (``make bench-batch`` does). The issue's size is 5 x 200,000 = 1,000,000 posts
through the cluster (the defaults); on a shared 2-core VM that takes most of a day, so the
recorded run is smaller and says so (bench/results-batch.json, docs/scale.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus
import procs

PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
PERTURB = ["", " Thoughts?", " (updated)", " #community", " More soon.", " Thanks for reading!", " 🙏", " Details below."]


def make_posts(n: int, offset: int = 0) -> list[str]:
    """Posts ``offset`` to ``offset + n`` of an endless list: the bench corpus (5,000 posts)
    repeated, each copy perturbed (a tail and its number), so no two posts are the same text."""
    base = corpus.posts(5000)
    return [f"{base[i % len(base)]}{PERTURB[(i // len(base) + i) % len(PERTURB)]} [{i}]" for i in range(offset, offset + n)]


def write_inputs(posts: list[str], folder: Path, jsonl_rows: int | None = None) -> tuple[Path, Path]:
    """``posts`` as Parquet (the cluster's input) and the first ``jsonl_rows`` as JSONL (check's)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet, jsonl = folder / "posts.parquet", folder / "posts.jsonl"
    pq.write_table(pa.table({"id": [f"p{i}" for i in range(len(posts))], "text": posts}), parquet, row_group_size=50_000)
    with jsonl.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(posts[:jsonl_rows]):
            fh.write(json.dumps({"id": f"p{i}", "text": text}) + "\n")
    return parquet, jsonl


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def timed(cmd: list[str], ok: tuple[int, ...] = (0,), stdout: Any = subprocess.DEVNULL) -> dict[str, Any]:
    """Run ``cmd``; wall time and the peak RSS of each process of its tree."""
    peaks: dict[int, float] = {}
    cpu: dict[int, float] = {}
    trace: list[tuple[float, dict[int, float]]] = []
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=ENV, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            now = {}
            for p in procs.tree(proc.pid):
                now[p] = procs.rss_mb(p)
                peaks[p] = max(peaks.get(p, 0.0), now[p])
                cpu[p] = max(cpu.get(p, 0.0), procs.cpu_seconds(p))
                if p not in names:
                    names[p] = _cmdline(p)
            trace.append((time.monotonic() - started, now))
            done.wait(0.5)

    names: dict[int, str] = {}
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = proc.communicate()
    done.set()
    thread.join()
    seconds = time.monotonic() - started
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    peak_rss = {p: round(v, 1) for p, v in peaks.items() if p > 0}
    half = next((rss for t, rss in trace if t >= seconds / 2), {})
    return {"seconds": round(seconds, 2), "peak_rss_mb": peak_rss, "cpu_seconds": {p: round(v, 1) for p, v in cpu.items()},
            "rss_at_half": {p: round(v, 1) for p, v in half.items()}, "names": names,
            "stdout": out.decode() if out else "", "stderr": err.decode()[-500:]}


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _workers(run: dict[str, Any], workers: int) -> list[int]:
    """The Dask worker processes of a ``batch --scheduler local`` run: forked from the driver
    (same command line) or spawned (``multiprocessing.spawn``); never the driver itself."""
    driver = min(run["peak_rss_mb"])  # the first pid sampled: the command itself
    ranked = sorted((p for p in run["peak_rss_mb"] if p != driver and "resource_tracker" not in run["names"].get(p, "")),
                    key=lambda p: run["cpu_seconds"].get(p, 0.0), reverse=True)
    return ranked[:workers]


def cluster_round(index: int, n: int, workers: int, folder: Path, partition_rows: int, check_first: bool,
                  check_n: int | None = None) -> dict[str, Any]:
    """One paired round: ``n`` posts (posts ``index * n`` to ``(index + 1) * n`` of the
    perturbed corpus) through the cluster and the first ``check_n`` of them (default: all)
    through ``check --jobs``, in the order given; the ratio compares their posts per second."""
    check_n = n if check_n is None else min(n, check_n)
    posts = make_posts(n, offset=index * n)
    words = sum(corpus.words(p) for p in posts)
    check_words = words if check_n == n else sum(corpus.words(p) for p in posts[:check_n])
    parquet, jsonl = write_inputs(posts, folder, check_n)
    del posts
    authlint = [PY, "-m", "authlint"]
    results = folder / "results.parquet"

    def run_cluster() -> dict[str, Any]:
        return timed([*authlint, "batch", str(parquet), "--out", str(results), "--scheduler", f"local:{workers}",
                      "--partition-rows", str(partition_rows)])

    def run_check() -> dict[str, Any]:
        return timed([*authlint, "check", str(jsonl), "--jobs", str(workers), "--no-cache", "--format", "concise"], ok=(0, 1))

    if check_first:
        check, cluster = run_check(), run_cluster()
    else:
        cluster, check = run_cluster(), run_check()
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(results).metadata.num_rows
    assert rows == n, f"the output has {rows} rows, not {n}"
    results.unlink()
    pids = _workers(cluster, workers)
    driver = min(cluster["peak_rss_mb"])
    c_rate, k_rate = n / cluster["seconds"], check_n / check["seconds"]
    worker_cpu = sum(cluster["cpu_seconds"].get(p, 0.0) for p in pids)
    return {
        "round": index + 1, "order": "check, cluster" if check_first else "cluster, check",
        "posts": n, "words": words, "load_average_after": round(os.getloadavg()[0], 2),
        "cluster": {
            "seconds": cluster["seconds"], "posts_per_second": round(c_rate, 1), "words_per_second": round(words / cluster["seconds"]),
            "peak_rss_mb_per_worker": [cluster["peak_rss_mb"][p] for p in pids],
            "rss_mb_per_worker_at_half_time": [cluster["rss_at_half"].get(p, 0.0) for p in pids],
            "peak_rss_mb_driver": cluster["peak_rss_mb"][driver],
            "cpu_seconds_workers": round(worker_cpu, 1), "cpu_seconds_driver": cluster["cpu_seconds"].get(driver, 0.0),
        },
        "check_jobs": {
            "posts": check_n, "seconds": check["seconds"], "posts_per_second": round(k_rate, 1),
            "words_per_second": round(check_words / check["seconds"]),
            "peak_rss_mb_tree": round(sum(check["peak_rss_mb"].values()), 1),
            "cpu_seconds_tree": round(sum(check["cpu_seconds"].values()), 1),
        },
        "ratio_cluster_to_check": round(c_rate / k_rate, 3),
    }


def bench_cluster(rounds: int, n: int, workers: int, folder: Path, check_n: int | None = None) -> dict[str, Any]:
    """``rounds`` paired rounds of ``n`` posts through the cluster and ``check_n`` of the same
    posts through ``check`` (the order alternates, so drift in the machine's load hits both
    sides alike); the median paired ratio and its range."""
    partition_rows = max(100, min(5000, n // (workers * 20)))  # 20+ partitions per worker: a short tail
    done = []
    for index in range(rounds):
        done.append(cluster_round(index, n, workers, folder, partition_rows, check_first=index % 2 == 1, check_n=check_n))
        print(json.dumps(done[-1]), flush=True)
    return summarise(done, workers, partition_rows)


def summarise(done: list[dict[str, Any]], workers: int, partition_rows: int) -> dict[str, Any]:
    """The medians, ranges and projection of a list of paired rounds."""
    n, rounds = done[0]["posts"], len(done)
    ratios = [r["ratio_cluster_to_check"] for r in done]
    # CPU per post of check over the cluster's (the check side may run on fewer of the posts)
    cpu_ratios = [round((r["check_jobs"]["cpu_seconds_tree"] / r["check_jobs"].get("posts", r["posts"]))
                        / ((r["cluster"]["cpu_seconds_workers"] + r["cluster"]["cpu_seconds_driver"]) / r["posts"]), 3)
                  for r in done]
    c_rates = [r["cluster"]["posts_per_second"] for r in done]
    # Per worker: posts per CPU-second of the worker processes (what a dedicated core would do;
    # on this shared VM the wall-clock rate is lower) and, pessimistically, per wall-clock second.
    per_worker_cpu = _median([r["posts"] / r["cluster"]["cpu_seconds_workers"] for r in done])
    per_worker_wall = _median(c_rates) / workers
    return {
        "rounds": rounds, "posts_per_round": n, "workers": workers, "partition_rows": partition_rows,
        "cluster_posts_total": n * rounds, "check_posts_total": sum(r["check_jobs"].get("posts", n) for r in done),
        "median_ratio_cluster_to_check": round(_median(ratios), 3), "ratio_range": [min(ratios), max(ratios)],
        # the same comparison in CPU per post: check's (whole tree) over the cluster's (workers
        # and driver); less at the mercy of the other jobs on the machine
        "median_cpu_ratio_cluster_to_check": round(_median(cpu_ratios), 3), "cpu_ratio_range": [min(cpu_ratios), max(cpu_ratios)],
        "median_cluster_posts_per_second": round(_median(c_rates), 1),
        "median_cluster_words_per_second": round(_median([r["cluster"]["words_per_second"] for r in done])),
        "median_check_posts_per_second": round(_median([r["check_jobs"]["posts_per_second"] for r in done]), 1),
        "median_check_words_per_second": round(_median([r["check_jobs"]["words_per_second"] for r in done])),
        "peak_rss_mb_per_worker_max": max(max(r["cluster"]["peak_rss_mb_per_worker"]) for r in done),
        "per_worker_posts_per_cpu_second": round(per_worker_cpu, 1),
        "per_worker_posts_per_wall_second": round(per_worker_wall, 1),
        "projection_100M_posts_50_workers_hours": {
            "dedicated_cores": round(100e6 / (per_worker_cpu * 50) / 3600, 1),
            "as_on_this_shared_vm": round(100e6 / (per_worker_wall * 50) / 3600, 1),
        },
        "per_round": done,
    }


STREAM_LINE = json.dumps({"id": "x", "text": "We shipped offline mode this week, thanks to @lina_dev. " * 4}) + "\n"


def _write_jsonl(path: Path, megabytes: int, block: str) -> int:
    with path.open("w", encoding="utf-8") as fh:
        while fh.tell() < megabytes * 1_000_000:
            fh.write(block)
    return path.stat().st_size


def stream_reader(megabytes: int, folder: Path) -> dict[str, Any]:
    """RSS (sampled every 0.5 s, and the kernel's peak) of reading a JSONL export of ``megabytes``
    MB of ordinary rows through :func:`authlint.io.tables.iter_rows`, against the same process
    before it read a row."""
    path = folder / "stream.jsonl"
    size = _write_jsonl(path, megabytes, STREAM_LINE * 10_000)
    # VmHWM (the kernel's peak RSS of this process image; ru_maxrss would carry over the
    # benchmark's own peak through fork and exec) before and after reading every row.
    code = (
        "import sys, time\n"
        "def hwm():\n"
        "    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
        "from authlint.io.tables import iter_rows\n"
        "before = hwm()\n"
        "t = time.monotonic(); n = sum(1 for r in iter_rows(sys.argv[1], 'jsonl') if r.error is None)\n"
        "print(n, before, hwm(), time.monotonic() - t)\n"
    )
    try:
        run = timed([PY, "-c", code, str(path)], stdout=subprocess.PIPE)
    finally:
        path.unlink()
    rows, before, after, seconds = run["stdout"].split()
    return {"file_mb": round(size / 1e6), "rows": int(rows), "seconds": round(float(seconds), 1),
            "rss_mb_before_reading": round(int(before) / 1024, 1), "peak_rss_mb": round(int(after) / 1024, 1),
            "sampled_peak_rss_mb": max(run["peak_rss_mb"].values())}


def stream_batch(megabytes: int, folder: Path) -> dict[str, Any]:
    """Peak RSS of ``authlint batch export.jsonl --out results.parquet`` (in-process) on a JSONL
    export of ``megabytes`` MB. Linting gigabytes of ordinary posts would take days here, so the
    bytes are in rows over the 100 KB limit for one post (read past in 1 MB chunks, recorded as
    not checked), with an ordinary post after every 10 of them: the whole batch path -- reader,
    partitions, linting, the atomic Parquet writer -- on a file of that size."""
    path, out = folder / "stream-batch.jsonl", folder / "stream-results.parquet"
    huge = json.dumps({"id": "big", "text": "word " * 30_000}) + "\n"  # 150 KB
    size = _write_jsonl(path, megabytes, huge * 10 + STREAM_LINE)
    try:
        # exit 2: the rows over the limit were not checked (one line on stderr), the rest written
        run = timed([PY, "-m", "authlint", "batch", str(path), "--out", str(out), "--jobs", "1"], ok=(2,))
        assert "rows not checked (bad input" in run["stderr"], run["stderr"]
        import pyarrow.parquet as pq

        table = pq.read_table(out, columns=["score"])
        rows, checked = table.num_rows, table.num_rows - table.column("score").null_count
    finally:
        path.unlink()
        out.unlink(missing_ok=True)
    return {"file_mb": round(size / 1e6), "rows": rows, "rows_checked": checked, "seconds": run["seconds"],
            "peak_rss_mb": max(run["peak_rss_mb"].values())}


def bench_stream(small_mb: int, large_mb: int, folder: Path) -> dict[str, Any]:
    """The streaming figures for a small and a large file: flat memory means the same peak."""
    out: dict[str, Any] = {}
    for label, fn in (("reader", stream_reader), ("batch", stream_batch)):
        small, large = fn(small_mb, folder), fn(large_mb, folder)
        out[label] = {"small": small, "large": large,
                      "peak_rss_growth_mb": round(large["peak_rss_mb"] - small["peak_rss_mb"], 1)}
        print(json.dumps({label: out[label]}), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="paired rounds (cluster and check on the same posts)")
    ap.add_argument("--posts-per-round", type=int, default=200_000,
                    help="posts per round and side (the issue's target: 5 x 200,000 = 1,000,000 through the cluster)")
    ap.add_argument("--check-posts-per-round", type=int, default=None,
                    help="posts of each round that check --jobs runs on (the first ones; default: all): the ratio is "
                         "of posts per second, so a subset halves the run's time without changing what it compares")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster workers and --jobs of the check run")
    ap.add_argument("--stream-mb", type=int, default=2000, help="size of the large JSONL streamed for the RSS figure (0: skip)")
    ap.add_argument("--stream-small-mb", type=int, default=200, help="size of the small JSONL it is compared with")
    ap.add_argument("--skip-cluster", action="store_true", help="only the streaming figure")
    ap.add_argument("--out", type=Path, default=HERE / "results-batch.json")
    args = ap.parse_args()
    result: dict[str, Any] = json.loads(args.out.read_text()) if args.out.exists() else {}
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    load = os.getloadavg()[0]
    result.pop("provisional", None)
    result["conditions"] = (f"load average {load:.1f} at the start on {os.cpu_count()} cores, under nice -n 10"
                            + ("; other jobs were running: noisy" if load > 1.0 else "; nothing else running"))
    command = "nice -n 10 python bench/batch.py " + " ".join(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="authlint-bench-batch-") as tmp:
        if not args.skip_cluster:
            result["cluster"] = {"command": command, "load_average_before": os.getloadavg(),
                                 **bench_cluster(args.rounds, args.posts_per_round, args.workers, Path(tmp),
                                                 args.check_posts_per_round)}
            print(json.dumps(result["cluster"], indent=2))
        if args.stream_mb:
            result["stream"] = {"command": command, **bench_stream(args.stream_small_mb, args.stream_mb, Path(tmp))}
            print(json.dumps(result["stream"], indent=2))
    result["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
