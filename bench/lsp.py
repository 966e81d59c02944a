"""What a writer feels in an editor: time from a keystroke (``didChange``) to its diagnostics.

Starts ``authlint lsp`` as a subprocess, as an editor does, and speaks JSON-RPC to it over
stdio with the small client below (no editor, no pytest). For each document:

* open it and wait for its first diagnostics (spaCy loads here: not counted), then 20 edits
  to warm up (not counted);
* ``--edits`` edits (default 200; 100 for the 30,000-character document), each a
  full-document ``didChange`` that changes one word inside a paragraph, as typing does; the
  time is from writing the notification to reading the ``publishDiagnostics`` for that
  version. This includes the server's debounce (10 ms by default), because a writer waits for
  it too. Edits are sent one at a time (the next after the previous one's diagnostics), so
  each is measured alone.

Documents, written for this benchmark (no dataset rows): about 300, 3,000 and 30,000
characters of paragraphs (targets: p50 <= 50 ms for a short post, <= 150 ms for a
3,000-character LinkedIn post; none for 30,000). Memory: the server's resident set (VmRSS)
after the first edit of the 3,000-character document and after ``--memory-edits`` (default
1,000) edits that each bring a word never seen before, so every edit fills the paragraph cache
with a new entry (target: within 50 MB).

In this process, on the same kind of edits, the benchmark also times the checks alone: the
server's incremental check (``check_document`` with a warm ``LinterCache``) and
``Linter.check(text, kind="markdown")`` of the whole post, and counts how often the two report
the same findings (they can differ where the statistical models would read across a blank line:
authlint.engine.blocks).

Results go to bench/results-lsp.json. Run: ``make bench-lsp`` or ``python bench/lsp.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Sentences for the long post, by the authlint authors (CC0).
SENTENCES = [
    "This quarter our team shipped the offline mode that readers asked for since spring.",
    "I want to thank Priya and Tomás, who rewrote the sync engine twice before it held up.",
    "We got the first beta wrong: drafts could vanish after a crash, and that is fixed now.",
    "If you lost work in March, I am sorry, and the recovery tool is in the settings menu.",
    "Honestly, I am the best product leader this company has ever had, and everyone knows it.",
    "Oh great, another planning cycle where we pretend the roadmap will survive contact with users.",
    "Buy now before the early-bird price ends on Friday!!!",
    "Link in bio for the full write-up and the slides from the talk.",
    "What would you want us to measure next: sync speed, battery use or something else?",
    "The numbers: crash reports fell by 38 percent and support tickets by a third.",
    "None of this happened without the support team, who read every single ticket.",
    "Per my last post, the migration guide is still the place to start.",
    "We are hiring two engineers in Lisbon and one designer who works remotely.",
    "I learned more from the failed launch than from the three that went well.",
    "Educate yourself on accessibility before you comment on our colour choices.",
    "My mentor once told me that a roadmap is a promise you make to yourself, not to customers.",
    "#productmanagement #engineering #startups #leadership #offline",
    "Thanks to everyone who filed a bug, wrote a review or simply told a friend about us.",
]
WORDS = ["calm", "bright", "quiet", "early", "steady", "honest", "careful", "patient", "simple", "clear",
         "useful", "gentle", "modest", "open", "shared", "local", "weekly", "small", "plain", "real"]


def long_post(size: int = 3000) -> str:
    """About ``size`` characters of paragraphs, deterministic (random.Random(2026))."""
    rng = random.Random(2026)
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < size:
        paragraphs.append(" ".join(rng.sample(SENTENCES, 3 if size > 400 else 2)))
    return "\n\n".join(paragraphs)[:size].rsplit(" ", 1)[0] + "."


#: (name, characters, edits, target p50 in ms or None)
DOCUMENTS = [("post_300_chars", 300, 200, 50.0), ("linkedin_3000_chars", 3000, 200, 150.0),
             ("notes_30000_chars", 30000, 100, None)]


class Client:
    """Minimal LSP client over the server's stdio: requests, notifications, a reader thread."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=ROOT)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self._id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.inbox.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> Any:
        self._id += 1
        self.send({"id": self._id, "method": method, "params": params})
        while True:
            message = self.inbox.get(timeout=300)
            if message.get("id") == self._id and "method" not in message:
                return message.get("result")
            if "method" in message and "id" in message:  # a request from the server: answer it
                self.send({"id": message["id"], "result": None})

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def diagnostics(self, uri: str, version: int) -> list[Any]:
        while True:
            message = self.inbox.get(timeout=300)
            if "id" in message and "method" in message:
                self.send({"id": message["id"], "result": None})
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri and params.get("version") == version:
                    return params["diagnostics"]

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait(timeout=30)


def edited(text: str, rng: random.Random, fresh: int | None = None) -> str:
    """``text`` with one word replaced, as typing does (``fresh``: a word never seen before).
    Never a word at a line break, so the paragraphs stay as they were."""
    words = text.split(" ")
    i = rng.choice([i for i, w in enumerate(words) if "\n" not in w])
    words[i] = f"word{fresh}" if fresh is not None else rng.choice(WORDS)
    return " ".join(words)


def measure(client: Client, uri: str, text: str, edits: int, version: int, rng: random.Random) -> tuple[list[float], int]:
    times = []
    for _ in range(edits):
        version += 1
        text = edited(text, rng)
        started = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                  "contentChanges": [{"text": text}]})
        client.diagnostics(uri, version)
        times.append((time.perf_counter() - started) * 1000)
    return times, version


def engine_only(texts: dict[str, str], edits: int) -> dict[str, dict[str, float]]:
    """The checks alone, in this process, on the same kind of edits: the server's incremental
    check and the check with nothing cached (``Linter.check`` of the whole post; of each piece
    over 20,000 characters, authlint.lsp.lint), p50 of each, and the share of edits where
    both report the same findings. What the server adds is its p50 minus the incremental
    check's (debounce, protocol, positions, JSON). BLAS on one thread, as in the server and the
    CLI (authlint.nlp.blas)."""
    from authlint.nlp.blas import one_thread_from_start

    one_thread_from_start()
    from authlint import Linter
    from authlint.lsp.incremental import LinterCache
    from authlint.lsp.lint import check_document

    linter = Linter(claims=False)
    rng = random.Random(7)
    out = {}
    for name, text in texts.items():
        cache = LinterCache(linter)
        check_document(linter, text, "markdown", cache=cache)
        linter.check(text, kind="markdown")
        incremental, whole, agree = [], [], 0
        for _ in range(edits):
            text = edited(text, rng)
            started = time.perf_counter()
            report = check_document(linter, text, "markdown", cache=cache).report
            incremental.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            full = check_document(linter, text, "markdown").report  # Linter.check (in pieces over 20,000)
            whole.append((time.perf_counter() - started) * 1000)
            key = lambda r: sorted((f.rule, f.start, f.end) for f in r.findings) if r is not None else None  # noqa: E731
            agree += key(report) == key(full)
        out[name] = {"incremental_check_p50_ms": round(statistics.median(incremental), 1),
                     "whole_post_check_p50_ms": round(statistics.median(whole), 1),
                     "same_findings_as_whole_post_check": f"{agree}/{edits}"}
    return out


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[int(0.90 * (len(ordered) - 1))], 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
        "max_ms": round(ordered[-1], 1),
        "edits": len(ordered),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    folder = Path(args.workdir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    client = Client([sys.executable, "-m", "authlint", "lsp"], env)
    client.request("initialize", {"processId": os.getpid(), "rootUri": folder.as_uri(), "capabilities": {}})
    client.notify("initialized", {})
    rng = random.Random(2026)
    results: dict[str, Any] = {}
    started = time.perf_counter()
    for name, size, edits, target in DOCUMENTS:
        text = long_post(size)
        uri = (folder / f"{name}.md").as_uri()
        opened = time.perf_counter()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        first = client.diagnostics(uri, 1)
        first_ms = (time.perf_counter() - opened) * 1000
        _, version = measure(client, uri, text, 20, 1, rng)  # warm-up
        times, version = measure(client, uri, text, min(edits, args.edits), version, rng)
        stats = summary(times)
        results[name] = {
            "characters": len(text), "words": len(text.split()), "paragraphs": text.count("\n\n") + 1,
            "findings_at_open": len(first), "first_diagnostics_ms": round(first_ms, 1), **stats,
            "target_p50_ms": target, "met": None if target is None else stats["p50_ms"] <= target,
        }
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    start_text = long_post(3000)
    uri = (folder / "memory.md").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": start_text}})
    client.diagnostics(uri, 1)
    text, version = edited(start_text, rng, fresh=0), 2
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]})
    client.diagnostics(uri, 2)
    after_first = client.rss_mb()
    for i in range(1, args.memory_edits):
        version += 1
        text = edited(text, rng, fresh=i)
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})
        client.diagnostics(uri, version)
    after_all = client.rss_mb()
    results["memory"] = {
        "document_characters": len(start_text),
        "rss_after_first_edit_mb": round(after_first, 1), "rss_after_edits_mb": round(after_all, 1),
        "edits": args.memory_edits, "growth_mb": round(after_all - after_first, 1), "target_growth_mb": 50.0,
        "met": after_all - after_first <= 50.0,
    }
    client.close()
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--memory-edits", type=int, default=1000)
    ap.add_argument("--workdir", default=str(HERE / ".lsp-bench"))
    ap.add_argument("--out", default=str(HERE / "results-lsp.json"))
    args = ap.parse_args()
    results = run(args)
    engine = engine_only({name: long_post(size) for name, size, _, _ in DOCUMENTS}, min(args.edits, 30))
    for name, alone in engine.items():
        results[name]["checks_alone"] = alone
    record = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "method": "bench/lsp.py: authlint lsp over stdio, full-document didChange replacing one word inside "
                  "a paragraph, one edit at a time, time to publishDiagnostics of that version (debounce included)",
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "results": results,
    }
    Path(args.out).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
