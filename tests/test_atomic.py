"""Writing fixes back: atomic, format-preserving, and never over someone else's edit."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest

from authlint.errors import AuthlintError
from authlint.io.atomic import TEMP_SUFFIX, FileChangedError, WriteError, ensure_unchanged, write_post
from authlint.io.textio import read_post


def _post(tmp_path: Path, data: bytes, name: str = "post.txt", **kwargs: object):
    path = tmp_path / name
    path.write_bytes(data)
    return path, read_post(path, **kwargs)  # type: ignore[arg-type]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (b"Buy now!\nThanks.\n", b"Have a look.\nThanks.\n"),
        (b"Buy now!\r\nThanks.\r\n", b"Have a look.\r\nThanks.\r\n"),
        (b"Buy now!\rThanks.\r", b"Have a look.\rThanks.\r"),
        (codecs.BOM_UTF8 + b"Buy now!\r\nThanks.", codecs.BOM_UTF8 + b"Have a look.\r\nThanks."),
        (
            codecs.BOM_UTF16_LE + "Buy now!\r\nThanks.".encode("utf-16-le"),
            codecs.BOM_UTF16_LE + "Have a look.\r\nThanks.".encode("utf-16-le"),
        ),
        (
            codecs.BOM_UTF16_BE + "Buy now!\nThanks.".encode("utf-16-be"),
            codecs.BOM_UTF16_BE + "Have a look.\nThanks.".encode("utf-16-be"),
        ),
    ],
    ids=["lf", "crlf", "cr", "utf8-bom-crlf", "utf16le-bom-crlf", "utf16be-bom"],
)
def test_fix_keeps_encoding_bom_and_line_breaks(tmp_path: Path, original: bytes, expected: bytes) -> None:
    path, post = _post(tmp_path, original)
    fixed = post.text.replace("Buy now!", "Have a look.")
    write_post(post, fixed)
    assert path.read_bytes() == expected
    assert _leftovers(tmp_path) == []


def test_inserted_line_breaks_follow_the_file_style(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"one\r\ntwo\r\n")
    write_post(post, post.text.replace("one", "one\nand a half"))
    assert path.read_bytes() == b"one\r\nand a half\r\ntwo\r\n"


def test_legacy_encoding_is_kept(tmp_path: Path) -> None:
    path, post = _post(tmp_path, "café".encode("cp1252"), encoding="cp1252")
    write_post(post, "café au lait")
    assert path.read_bytes() == "café au lait".encode("cp1252")


def test_fix_the_encoding_cannot_hold_is_refused(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"plain", encoding="ascii")
    with pytest.raises(WriteError, match=r"post.txt: the fix contains '🎉', which ascii cannot hold; not fixed"):
        write_post(post, "plain 🎉")
    assert path.read_bytes() == b"plain"


def test_lossy_read_is_never_written_back(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"caf\xe9", errors="replace")
    with pytest.raises(WriteError, match="undecodable bytes replaced"):
        write_post(post, "coffee")
    assert path.read_bytes() == b"caf\xe9"


def test_file_mode_is_kept(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"hello")
    path.chmod(0o640)
    post = read_post(path)  # chmod changed ctime only; re-read for a clean fingerprint anyway
    write_post(post, "hello there")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_write_is_a_rename_not_an_overwrite(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"old")
    inode_before = path.stat().st_ino
    with open(path, "rb") as reader:  # a reader holding the old file still sees it whole
        write_post(post, "new")
        assert reader.read() == b"old"
    assert path.read_bytes() == b"new"
    assert path.stat().st_ino != inode_before


def test_changed_content_is_not_overwritten(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"draft one")
    path.write_bytes(b"draft two, edited meanwhile")
    with pytest.raises(FileChangedError) as err:
        write_post(post, "fixed draft one")
    assert str(err.value) == f"{path}: changed on disk since it was read; not fixed (run again)"
    assert isinstance(err.value, AuthlintError)
    assert path.read_bytes() == b"draft two, edited meanwhile"
    assert _leftovers(tmp_path) == []


def test_same_size_same_mtime_edit_is_caught_by_the_hash(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"aaaa")
    stamp = path.stat().st_mtime_ns
    path.write_bytes(b"bbbb")
    os.utime(path, ns=(stamp, stamp))  # a coarse-clock filesystem could do this
    with pytest.raises(FileChangedError):
        write_post(post, "cccc")
    assert path.read_bytes() == b"bbbb"


def test_touched_file_counts_as_changed(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"aaaa")
    later = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(later, later))
    with pytest.raises(FileChangedError):
        ensure_unchanged(post)


def test_deleted_file_is_not_recreated(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"aaaa")
    path.unlink()
    with pytest.raises(FileChangedError, match="deleted since it was read"):
        write_post(post, "bbbb")
    assert not path.exists()


def test_change_between_temp_write_and_rename_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import authlint.io.atomic as atomic

    path, post = _post(tmp_path, b"original")
    real_write_temp = atomic._write_temp

    def write_temp_then_someone_edits(*args: object, **kwargs: object) -> str:
        temp = real_write_temp(*args, **kwargs)  # type: ignore[arg-type]
        path.write_bytes(b"edited while we wrote")
        return temp

    monkeypatch.setattr(atomic, "_write_temp", write_temp_then_someone_edits)
    with pytest.raises(FileChangedError):
        write_post(post, "fixed")
    assert path.read_bytes() == b"edited while we wrote"
    assert _leftovers(tmp_path) == []


def test_failed_rename_leaves_original_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, post = _post(tmp_path, b"original")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteError, match="cannot replace the file: No space left on device; not fixed"):
        write_post(post, "fixed")
    assert path.read_bytes() == b"original"
    assert _leftovers(tmp_path) == []


def test_failed_temp_write_is_a_write_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, post = _post(tmp_path, b"original")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(WriteError, match=r"post.txt: cannot write the fixed file: No space left on device; not fixed"):
        write_post(post, "fixed")
    assert path.read_bytes() == b"original"
    assert _leftovers(tmp_path) == []


def test_symlink_survives_and_target_is_fixed(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_bytes(b"old text")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    post = read_post(link)
    write_post(post, "new text")
    assert link.is_symlink()
    assert target.read_bytes() == b"new text"


def test_read_only_file_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, post = _post(tmp_path, b"locked")
    monkeypatch.setattr(os, "access", lambda p, mode: False)  # root ignores mode bits; simulate
    with pytest.raises(WriteError, match=r"post\.txt: file is read-only; not fixed"):
        write_post(post, "unlocked")
    assert path.read_bytes() == b"locked"


def test_folder_without_write_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    path, post = _post(tmp_path, b"text")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(WriteError, match="cannot create a temporary file beside it: Permission denied; not fixed"):
        write_post(post, "new")
    assert path.read_bytes() == b"text"


def test_stdin_post_cannot_be_written(tmp_path: Path) -> None:
    import io

    from authlint.io.textio import read_stream

    post = read_stream(io.BytesIO(b"from a pipe"))
    with pytest.raises(WriteError, match=r"^<stdin>: not a file; cannot write fixes back$"):
        write_post(post, "x")


def test_returned_post_allows_a_second_write(tmp_path: Path) -> None:
    path, post = _post(tmp_path, b"one\r\n")
    post = write_post(post, "two\n")
    assert post.text == "two\r\n"
    write_post(post, "three\r\n")
    assert path.read_bytes() == b"three\r\n"


# --- through `authlint check --fix` ----------------------------------------------------------


def _fix(args: list[str]):
    from click.testing import CliRunner

    from authlint.cli import cli

    return CliRunner().invoke(cli, ["check", "--fix", "--format", "json", *args], catch_exceptions=False)


def test_cli_fix_keeps_utf16_bom_crlf_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Hello.\r\nWe launched today!!! Come see.\r\n".encode("utf-16-le"))
    path.chmod(0o640)
    result = _fix([str(path)])
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == codecs.BOM_UTF16_LE + "Hello.\r\nWe launched today! Come see.\r\n".encode("utf-16-le")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_cli_fix_skips_a_file_edited_during_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import authlint.cli.check.command as check_command

    edited, other = tmp_path / "edited.txt", tmp_path / "other.txt"
    edited.write_text("We launched today!!!\n", encoding="utf-8")
    other.write_text("We launched today!!!\n", encoding="utf-8")
    real_apply = check_command.apply_fixes

    def apply_then_someone_saves(*args: object, **kwargs: object) -> None:
        real_apply(*args, **kwargs)  # type: ignore[arg-type]
        edited.write_text("We launched today!!! (edited in the editor meanwhile)\n", encoding="utf-8")

    monkeypatch.setattr(check_command, "apply_fixes", apply_then_someone_saves)
    result = _fix([str(edited), str(other)])
    assert "Traceback" not in result.stderr
    assert edited.read_text(encoding="utf-8") == "We launched today!!! (edited in the editor meanwhile)\n"
    assert other.read_text(encoding="utf-8") == "We launched today!\n"  # the rest of the run still fixed
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["edited.txt"]["error"] == "changed on disk since it was read; not fixed (run again)"
    assert result.exit_code == 2
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("broken", ["fsync", "replace"])
def test_write_atomic_failure_keeps_the_old_file_and_its_own_wording(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str,
) -> None:
    from authlint.io.atomic import write_atomic

    report = tmp_path / "report.html"
    report.write_bytes(b"old report")

    def no_space(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, broken, no_space)
    with pytest.raises(WriteError) as err:
        write_atomic(report, b"new report")
    assert str(err.value) == f"{report}: cannot write: No space left on device"  # a report is not "fixed"
    assert report.read_bytes() == b"old report"
    assert _leftovers(tmp_path) == []


def test_write_atomic_keeps_the_mode_and_creates_new_files(tmp_path: Path) -> None:
    from authlint.io.atomic import write_atomic

    kept = tmp_path / "allow.txt"
    kept.write_bytes(b"a")
    kept.chmod(0o640)
    write_atomic(kept, b"b")
    fresh = tmp_path / "new.txt"
    write_atomic(fresh, b"c")
    assert (kept.read_bytes(), oct(kept.stat().st_mode & 0o777)) == (b"b", "0o640")
    assert fresh.read_bytes() == b"c" and _leftovers(tmp_path) == []
