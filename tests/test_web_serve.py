"""``authlint serve`` end to end: the command, its bind rules, and concurrent requests to a real server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from authlint.cli import cli
from authlint.cli.serve import is_loopback

ROOT = Path(__file__).resolve().parent.parent
POSTS = [
    'Oh great, another "expert" telling us how to run our community.',
    "Buy now!!! Link in bio. Use code SPRING25 at checkout.",
    "Huge thanks to @lina_dev, who rewrote the sync engine. We got this wrong in the first beta.",
    "I did it. I finished my degree, I landed my dream job and I did it all on my own.",
    "Trust me, I'm a licensed physician: this tea cures colds.",
    "Speaking on behalf of Acme: we are sorry for the outage. What should we fix first?",
    "#one #two #three #four #five #six Per my last post, the meetup moved to Thursday.",
    "Send 1 ETH to this wallet and get 2 back! Official giveaway, verified account.",
    "Café ☕ au lait 👨‍👩‍👧 with friends: 日本語のテキスト too. Educate yourself!",
    "word " * 90,
]
PLATFORMS = [None, "x", "bluesky", "mastodon", "linkedin"]
AUTHORS = [None, {"name": "Priya", "speaks-for": ["Acme"]}, {"name": "Jane", "credentials": ["registered nurse"]}]


@pytest.mark.parametrize("host, local", [
    ("127.0.0.1", True), ("127.1.2.3", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("192.168.1.20", False), ("::", False), ("example.com", False),
])
def test_is_loopback(host: str, local: bool) -> None:
    assert is_loopback(host) is local


def test_a_reachable_address_needs_allow_remote() -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 2
    assert result.output.strip() == ("authlint: error: --host 0.0.0.0 is reachable from other machines; "
                                     "pass --allow-remote to listen there anyway")


def test_a_bad_config_is_one_line_before_anything_listens(tmp_path: Path) -> None:
    config = tmp_path / ".authlint.yaml"
    config.write_text("platfrom: x\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "--config", str(config), "--port", "0"])
    assert result.exit_code == 2
    assert "unknown setting 'platfrom'; did you mean 'platform'?" in result.output
    assert "Traceback" not in result.output


def _start(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "authlint", "serve", "--port", "0", *args], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # printed once spaCy is loaded and the socket listens
    match = re.search(r"serving (http://\S+?)/ ", line)
    if match is None:
        proc.kill()
        raise AssertionError(f"no URL in {line!r}; stderr: {proc.communicate()[1]}")
    return proc, match.group(1)


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_concurrent_requests_get_the_serial_answers(tmp_path: Path) -> None:
    """200 requests from 8 clients at once: every report equals the one the same request got alone."""
    proc, url = _start(tmp_path)
    try:
        bodies = [
            {"text": POSTS[i % len(POSTS)], "platform": PLATFORMS[i % len(PLATFORMS)], "author": AUTHORS[i % len(AUTHORS)],
             **({"ignore": ["snark"]} if i % 7 == 0 else {})}
            for i in range(200)
        ]
        distinct = {repr(sorted(b.items(), key=str)): b for b in bodies}
        with httpx.Client(base_url=url, timeout=60) as client:
            assert client.get("/health").json()["status"] == "ok"
            serial = {key: client.post("/api/check", json=body).json() for key, body in distinct.items()}

        def run(batch: list[dict]) -> list[dict]:
            with httpx.Client(base_url=url, timeout=120) as client:
                return [client.post("/api/check", json=body).json() for body in batch]

        slices = [bodies[k::8] for k in range(8)]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(run, slices))
        elapsed = time.perf_counter() - t0
        for batch, got in zip(slices, answers):
            for body, report in zip(batch, got):
                assert report == serial[repr(sorted(body.items(), key=str))]
        assert sum(len(a) for a in answers) == 200
        assert elapsed < 120
        # A batch is the same as its posts one by one, under concurrent load too.
        with httpx.Client(base_url=url, timeout=60) as client:
            many = client.post("/api/check-many", json={"posts": bodies[:20]}).json()["files"]
        assert many == [serial[repr(sorted(b.items(), key=str))] for b in bodies[:20]]
    finally:
        _stop(proc)
