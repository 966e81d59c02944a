"""Temp files a ``kill -9`` left mid-``--fix`` are removed by later runs (not only ``--fix``),
and only files authlint's own naming scheme wrote, older than the bound."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint.cli import cli
from authlint.io.atomic import STALE_SECONDS, TEMP_SUFFIX, own_temp_target, remove_if_stale
from authlint.io.discovery import discover

OLD = time.time() - STALE_SECONDS - 60


def _aged(path: Path, text: str = "half") -> Path:
    path.write_text(text)
    os.utime(path, (OLD, OLD))
    return path


@pytest.mark.parametrize(
    ("name", "target"),
    [
        (f".p.md.4242.ab_1cd9z{TEMP_SUFFIX}", "p.md"),  # write_post / write_atomic: pid + mkstemp's 8
        (f".report.json.k2j4h6g8{TEMP_SUFFIX}", "report.json"),  # replacing(): no pid
        (f".my.post.v2.md.17.abcdefgh{TEMP_SUFFIX}", "my.post.v2.md"),
        (f"p.md{TEMP_SUFFIX}", None),  # not hidden: someone else's file
        (f".p.md{TEMP_SUFFIX}", None),
        (f".p.md.4242.ABCDEFGH{TEMP_SUFFIX}", None),  # mkstemp never writes upper case
        (f".p.md.4242.abc{TEMP_SUFFIX}", None),
        (f"notes{TEMP_SUFFIX}", None),
        (".p.md.4242.abcdefgh.authlint-tmp.bak", None),
    ],
)
def test_only_authlints_naming_scheme_counts(name: str, target: str | None) -> None:
    assert own_temp_target(name) == target


def test_remove_if_stale_keeps_fresh_files_links_and_folders(tmp_path: Path) -> None:
    stale = _aged(tmp_path / f".p.md.4242.abcdefgh{TEMP_SUFFIX}")
    fresh = tmp_path / f".p.md.4243.abcdefgh{TEMP_SUFFIX}"
    fresh.write_text("a run still writing")
    folder = tmp_path / f".q.md.4244.abcdefgh{TEMP_SUFFIX}"
    folder.mkdir()
    os.utime(folder, (OLD, OLD))
    precious = _aged(tmp_path / "precious.md")
    link = tmp_path / f".r.md.4245.abcdefgh{TEMP_SUFFIX}"
    link.symlink_to(precious)
    os.utime(link, (OLD, OLD), follow_symlinks=False)
    assert remove_if_stale(stale) and not stale.exists()
    assert not remove_if_stale(fresh) and fresh.exists()
    assert not remove_if_stale(folder) and folder.is_dir()
    assert not remove_if_stale(link) and link.is_symlink() and precious.read_text() == "half"


def test_a_plain_check_of_a_folder_removes_stale_temps_and_says_so(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "p.md").write_text("Thanks to everyone who came!\n")
    stale = _aged(drafts / f".p.md.99999999.x1y2z3w4{TEMP_SUFFIX}")
    fresh = drafts / f".p.md.{os.getpid()}.a1b2c3d4{TEMP_SUFFIX}"
    fresh.write_text("busy")
    foreign = _aged(drafts / f"backup{TEMP_SUFFIX}")  # not authlint's name: kept, whatever its age
    notices: list[str] = []
    assert discover([str(tmp_path)], notice=notices.append) == [str(drafts / "p.md")]
    assert not stale.exists() and fresh.exists() and foreign.exists()
    assert len(notices) == 1 and "removed" in notices[0] and stale.name in notices[0]


def test_a_check_of_one_named_file_sweeps_beside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "p.md").write_text("Thanks to everyone who came!\n")
    stale = _aged(tmp_path / f".p.md.99999999.x1y2z3w4{TEMP_SUFFIX}")
    other = _aged(tmp_path / f".other.md.99999999.x1y2z3w4{TEMP_SUFFIX}")  # another file's: not this run's business
    result = CliRunner().invoke(cli, ["check", "--no-cache", "p.md"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not stale.exists() and other.exists()
    assert "killed authlint run" in result.output
