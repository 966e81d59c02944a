"""A real Neovim, headless, against ``authlint lsp``: diagnostics on open, after a keystroke
(Neovim sends incremental changes), hover and code actions (tests/data/editors/neovim.lua).

On Neovim 0.11+ the server is started by the very snippet docs/editors.md shows
(``vim.lsp.config`` + ``vim.lsp.enable``), read out of the doc; older Neovims (Debian 12 ships
0.7.2) start the same command with ``vim.lsp.start_client``. Which Neovims: ``nvim`` on PATH
and any binaries listed in ``AUTHLINT_NVIM`` (``:``-separated). Skipped when there is none:
an editor that is not installed never fails the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from authlint import Linter
from authlint.lsp.lint import check_document

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "data" / "editors" / "neovim.lua"
POST = "Huge thanks to Ana for the sync engine.\n\nOh great, another meeting.\n"


def neovims() -> list[str]:
    found = [p for p in os.environ.get("AUTHLINT_NVIM", "").split(os.pathsep) if p and Path(p).is_file()]
    on_path = shutil.which("nvim")
    return sorted({*found, *([on_path] if on_path else [])})


def docs_snippet() -> str:
    """The Lua block of the Neovim section of docs/editors.md."""
    doc = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    section = doc.split("## Neovim", 1)[1]
    return section.split("```lua\n", 1)[1].split("```", 1)[0]


@pytest.fixture(params=neovims() or [None], ids=lambda p: Path(p).parent.name if p else "none")
def nvim(request: pytest.FixtureRequest) -> str:
    if request.param is None:
        pytest.skip("Neovim is not installed (apt-get install neovim, or list binaries in AUTHLINT_NVIM)")
    return str(request.param)


def test_neovim_session(nvim: str, tmp_path: Path, linter: Linter) -> None:
    bin_dir, work = tmp_path / "bin", tmp_path / "work"
    bin_dir.mkdir()
    (work / ".git").mkdir(parents=True)  # a root marker of the snippet
    wrapper = bin_dir / "authlint"  # `authlint` on PATH, as the snippet expects: this checkout's
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m authlint "$@"\n')
    wrapper.chmod(0o755)
    snippet = tmp_path / "authlint.lua"
    snippet.write_text(docs_snippet())
    (work / "post.md").write_text(POST)
    out = tmp_path / "out.json"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "AUTHLINT_NVIM_OUT": str(out), "AUTHLINT_NVIM_SNIPPET": str(snippet),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    subprocess.run([nvim, "--headless", "--clean", "-u", "NONE", "-c", f"luafile {SCRIPT}", "post.md"],
                   cwd=work, env=env, timeout=400, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    result = json.loads(out.read_text())
    assert "error" not in result, result.get("error")
    major, minor = (int(x) for x in result["version"].split(".")[:2])
    if (major, minor) >= (0, 11):
        assert result["started_by"].startswith("vim.lsp.config"), result["started_by"]
        assert result["encoding"] == "utf-8"  # Neovim offers UTF-8 first, and the server takes it
    assert result["clients"] == 1 and result["filetype"] == "markdown"
    assert result["opened"], result
    at_open = {(d["code"], d["lnum"], d["col"], d["end_col"]) for d in result["at_open"]}
    assert ("CON101", 0, 5, 18) in at_open  # 'thanks to Ana', a hint
    assert ("SNK101", 2, 0, 8) in at_open  # 'Oh great'
    assert result["changed"]
    assert result["text_after_edit"] == POST.rstrip("\n").replace("engine.", "engine. Buy now!!!", 1)
    # What Neovim shows after the keystroke is what the server's check of the new text gives.
    expected = check_document(linter, result["text_after_edit"] + "\n", "markdown").report
    assert expected is not None
    assert sorted(d["code"] for d in result["after_edit"]) == sorted(f.rule for f in expected.findings)
    assert {"PRO101", "PRO103"} <= {d["code"] for d in result["after_edit"]}
    assert "CON101" in result["hover"] and "Why" in result["hover"]
    assert "Disable CON101 for this line" in result["actions"]
