"""Benchmark of ``authlint batch`` past one process (``make bench-batch``; bench/results-batch.json).

Measures, on posts made by repeating and perturbing the bench corpus (bench/corpus.py):

* ``authlint batch posts.parquet --out results.parquet --scheduler local:W`` (a LocalCluster of
  W single-threaded worker processes) against ``authlint check posts.jsonl --jobs W --no-cache``
  on the same posts: posts/s, words/s, the ratio, and the peak RSS of every worker process
  (sampled from /proc every 0.5 s); both are whole commands, start-up included;
* a projection, from the per-worker rate, of the time for 100 million posts on 50 workers;
* the peak RSS of streaming a JSONL export of ``--stream-mb`` MB through
  :func:`authlint.io.tables.iter_rows`, next to the RSS of the same process before reading.

``--posts`` sets the size (the issue's target is 1,000,000; that run takes hours on a shared
2-core machine, so smaller runs are recorded with their size and scaled linearly in docs/scale.md).
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

PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
PERTURB = ["", " Thoughts?", " (updated)", " #community", " More soon.", " Thanks for reading!", " 🙏", " Details below."]


def make_posts(n: int) -> list[str]:
    """``n`` posts: the bench corpus repeated, each copy perturbed (a tail and a number), so no
    two posts are the same text."""
    base = corpus.posts(min(n, 5000))
    return [f"{base[i % len(base)]}{PERTURB[i % len(PERTURB)]} [{i}]" for i in range(n)]


def write_inputs(posts: list[str], folder: Path) -> tuple[Path, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet, jsonl = folder / "posts.parquet", folder / "posts.jsonl"
    pq.write_table(pa.table({"id": [f"p{i}" for i in range(len(posts))], "text": posts}), parquet, row_group_size=50_000)
    with jsonl.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(posts):
            fh.write(json.dumps({"id": f"p{i}", "text": text}) + "\n")
    return parquet, jsonl


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            pass
    return out


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def timed(cmd: list[str], ok: tuple[int, ...] = (0,), stdout: Any = subprocess.DEVNULL) -> dict[str, Any]:
    """Run ``cmd``; wall time and the peak RSS of each process of its tree."""
    peaks: dict[int, float] = {}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=ENV, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for p in _tree(proc.pid):
                peaks[p] = max(peaks.get(p, 0.0), _rss_mb(p))
                peaks.setdefault(-p, 0.0)
                if p not in names:
                    names[p] = _cmdline(p)
            done.wait(0.5)

    names: dict[int, str] = {}
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    done.set()
    thread.join()
    seconds = time.monotonic() - started
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    procs = {p: round(v, 1) for p, v in peaks.items() if p > 0}
    return {"seconds": round(seconds, 2), "peak_rss_mb": procs, "names": names, "stderr": err.decode()[-500:]}


def bench_cluster(n: int, workers: int, folder: Path) -> dict[str, Any]:
    posts = make_posts(n)
    words = sum(corpus.words(p) for p in posts)
    parquet, jsonl = write_inputs(posts, folder)
    del posts
    authlint = [PY, "-m", "authlint"]
    rows_per_partition = max(100, min(5000, n // (workers * 8)))  # at least 8 partitions per worker
    cluster = timed([*authlint, "batch", str(parquet), "--out", str(folder / "results.parquet"),
                     "--scheduler", f"local:{workers}", "--partition-rows", str(rows_per_partition)])
    worker_rss = sorted(
        (v for p, v in cluster["peak_rss_mb"].items() if "spawn_main" in cluster["names"].get(p, "")
         or "multiprocessing" in cluster["names"].get(p, "")), reverse=True,
    )[:workers]
    check = timed([*authlint, "check", str(jsonl), "--jobs", str(workers), "--no-cache", "--format", "concise"], ok=(0, 1))
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(folder / "results.parquet").metadata.num_rows
    assert rows == n, f"the output has {rows} rows, not {n}"
    c_rate, k_rate = n / cluster["seconds"], n / check["seconds"]
    per_worker = c_rate / workers
    return {
        "posts": n, "words": words, "workers": workers, "partition_rows": rows_per_partition,
        "cluster": {"seconds": cluster["seconds"], "posts_per_second": round(c_rate, 1),
                    "words_per_second": round(words / cluster["seconds"]), "peak_rss_mb_per_worker": worker_rss,
                    "peak_rss_mb_driver": max(cluster["peak_rss_mb"].values(), default=0.0)},
        "check_jobs": {"seconds": check["seconds"], "posts_per_second": round(k_rate, 1),
                       "words_per_second": round(words / check["seconds"]),
                       "peak_rss_mb_tree": round(sum(check["peak_rss_mb"].values()), 1)},
        "ratio_cluster_to_check": round(c_rate / k_rate, 3),
        "projection_100M_posts_50_workers_hours": round(100e6 / (per_worker * 50) / 3600, 1),
    }


def bench_stream(megabytes: int, folder: Path) -> dict[str, Any]:
    """Peak RSS of streaming a JSONL export of ``megabytes`` MB row by row."""
    path = folder / "stream.jsonl"
    line = json.dumps({"id": "x", "text": "We shipped offline mode this week, thanks to @lina_dev. " * 4}) + "\n"
    block = line * 10_000
    with path.open("w", encoding="utf-8") as fh:
        while fh.tell() < megabytes * 1_000_000:
            fh.write(block)
    size = path.stat().st_size
    code = (
        "import resource, sys, time\n"
        "from authlint.io.tables import iter_rows\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "t = time.monotonic(); n = sum(1 for r in iter_rows(sys.argv[1], 'jsonl') if r.error is None)\n"
        "print(n, before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.monotonic() - t)\n"
    )
    out = subprocess.run([PY, "-c", code, str(path)], env=ENV, capture_output=True, text=True, check=True).stdout.split()
    path.unlink()
    rows, before, after, seconds = int(out[0]), int(out[1]), int(out[2]), float(out[3])
    return {"file_mb": round(size / 1e6), "rows": rows, "seconds": round(seconds, 1),
            "rss_mb_before_reading": round(before / 1024, 1), "peak_rss_mb": round(after / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1_000_000, help="posts in the cluster run (the target: 1,000,000)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster workers and --jobs of the check run")
    ap.add_argument("--stream-mb", type=int, default=2000, help="size of the JSONL streamed for the RSS figure (0: skip)")
    ap.add_argument("--skip-cluster", action="store_true", help="only the streaming figure")
    ap.add_argument("--out", type=Path, default=HERE / "results-batch.json")
    args = ap.parse_args()
    result: dict[str, Any] = json.loads(args.out.read_text()) if args.out.exists() else {}
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    result["provisional"] = "measured on a shared 2-core VM with other jobs running; noisy"
    with tempfile.TemporaryDirectory(prefix="authlint-bench-batch-") as tmp:
        if not args.skip_cluster:
            result["cluster"] = bench_cluster(args.posts, args.workers, Path(tmp))
            print(json.dumps(result["cluster"], indent=2))
        if args.stream_mb:
            result["stream"] = bench_stream(args.stream_mb, Path(tmp))
            print(json.dumps(result["stream"], indent=2))
    result["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
