"""A real Vim with ALE, headless, against ``authlint lsp``: the docs/editors.md snippet (read
out of the doc) registers the server, and its diagnostics appear on open and after an edit
(tests/data/editors/vim-ale.vim). Skipped unless both Vim and ALE are installed (``vim`` on
PATH; ALE in ``AUTHLINT_ALE`` or Debian's /usr/share/vim-ale): an editor that is not
installed never fails the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "data" / "editors" / "vim-ale.vim"
POST = "Huge thanks to Ana for the sync engine.\n\nOh great, another meeting.\n"


def ale_folder() -> Path | None:
    for candidate in (os.environ.get("AUTHLINT_ALE"), "/usr/share/vim-ale"):
        if candidate and (Path(candidate) / "autoload" / "ale.vim").is_file():
            return Path(candidate)
    return None


def docs_snippet() -> str:
    doc = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    return doc.split("## Vim (with ALE)", 1)[1].split("```vim\n", 1)[1].split("```", 1)[0]


def test_vim_ale_session(tmp_path: Path) -> None:
    vim, ale = shutil.which("vim"), ale_folder()
    if vim is None or ale is None:
        pytest.skip("Vim with ALE is not installed (apt-get install vim vim-ale, or AUTHLINT_ALE=folder)")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "authlint"
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m authlint "$@"\n')
    wrapper.chmod(0o755)
    vimrc = tmp_path / "vimrc"
    vimrc.write_text(f"set nocompatible\nset runtimepath^={ale}\nfiletype plugin on\n")
    snippet = tmp_path / "authlint.vim"
    snippet.write_text(docs_snippet())
    (tmp_path / "post.md").write_text(POST)
    out = tmp_path / "out.json"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "AUTHLINT_VIM_OUT": str(out)}
    subprocess.run([vim, "-N", "-u", str(vimrc), "-i", "NONE", "-es", "-c", f"source {snippet}",
                    "-c", f"source {DRIVER}", "post.md"],
                   cwd=tmp_path, env=env, timeout=400, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    result = json.loads(out.read_text())
    assert result["ale"] == 1 and result["filetype"] == "markdown"
    assert result["opened"], result
    at_open = {tuple(d) for d in result["at_open"]}
    assert ("CON101", 1, 6, 18) in at_open  # 'thanks to Ana' (Vim counts from 1, end inclusive)
    assert ("SNK101", 3, 1, 8) in at_open
    assert result["changed"], result
    assert {"PRO101", "PRO103", "CON101", "SNK101"} <= {d[0] for d in result["after_edit"]}
