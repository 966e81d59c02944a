"""Every bad rule, config or input gets one clear line and the right exit code, never a traceback.

Table-driven: each case names what is wrong, builds it in a temporary folder, runs the real
``authlint check`` command and asserts the exact message (a regex over the one stderr line)
and the exit code (0 clean, 1 findings, 2 could not run / could not check).
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint import Linter
from authlint.cli import cli

GOOD_DETECTOR = "  - type: phrase\n    phrases: [foo bar]\n"


def rule_yaml(code: str, name: str, detectors: str = GOOD_DETECTOR, **fields: str) -> str:
    """A valid rule file, with ``fields`` overriding top-level keys (values are raw YAML)."""
    top = {
        "code": code, "name": name, "category": "snark", "severity": "warning",
        "message": '"bad {match}"', "why": '"because"', **fields,
    }
    head = "".join(f"{k}: {v}\n" for k, v in top.items())
    tail = "suggestions:\n  - template: \"do better\"\nexamples:\n  bad: [\"foo bar\"]\n  good: [\"fine\"]\n"
    return head + "detectors:\n" + detectors + tail


@dataclass
class Case:
    id: str
    files: dict[str, str]  # relative path -> content
    args: list[str]  # {tmp} is replaced by the temporary folder
    message: str  # regex the single stderr line must match (after "authlint: error: ")
    exit_code: int = 2
    stdin: str = "Buy now! This foo bar is great."
    extra: dict[str, object] = field(default_factory=dict)


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _materialise(case: Case, tmp_path: Path) -> list[str]:
    for rel, content in case.files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return [a.replace("{tmp}", str(tmp_path)) for a in case.args]


def _assert_one_line_error(stderr: str, message: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("authlint: error: "), stderr
    assert re.search(message, lines[0]), f"{message!r} not in {lines[0]!r}"


# --- rules -----------------------------------------------------------------------------------

RULE_CASES = [
    Case(
        "yaml-syntax-error",
        {"r/TST001-x.yaml": "code: TST001\nname: x\n\tcategory: snark\n"},
        ["check", "--rules", "{tmp}/r", "-"],
        r"/r/TST001-x\.yaml:3:1: YAML syntax error: found character '\\t' that cannot start any token$",
    ),
    Case(
        "yaml-unclosed-bracket",
        {"r/TST001-x.yaml": "code: TST001\nname: [unclosed\n"},
        ["check", "--rules", "{tmp}/r", "-"],
        r"/r/TST001-x\.yaml:3:1: YAML syntax error: expected ',' or ']', but got '<stream end>'$",
    ),
    Case(
        "schema-missing-field",
        {"r/TST003-x.yaml": rule_yaml("TST003", "three", "  - type: phrase\n")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"/r/TST003-x\.yaml:8: rule TST003: detectors\.0\.phrase\.phrases: Field required$",
    ),
    Case(
        "schema-bad-enum",
        {"r/TST004-x.yaml": rule_yaml("TST004", "four", severity="loud")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"/r/TST004-x\.yaml:4: rule TST004: severity: Input should be 'info', 'warning' or 'error'$",
    ),
    Case(
        "schema-out-of-range",
        {"r/TST004-x.yaml": rule_yaml("TST004", "four", weight="500")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"rule TST004: weight: Input should be less than or equal to 100$",
    ),
    Case(
        "schema-bad-code",
        {"r/x.yaml": rule_yaml("pro1", "four")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"/r/x\.yaml:1: rule pro1: code: must be 2-5 capital letters then 3 digits, e.g\. PRO101$",
    ),
    Case(
        "schema-unknown-field",
        {"r/TST004-x.yaml": rule_yaml("TST004", "four", severty="error")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"rule TST004: severty: Extra inputs are not permitted$",
    ),
    Case(
        "not-a-mapping",
        {"r/TST004-x.yaml": "- a\n- b\n"},
        ["check", "--rules", "{tmp}/r", "-"],
        r"/r/TST004-x\.yaml: a rule file must be a mapping with code, name, category, \.\.\.$",
    ),
    Case(
        "duplicate-code-across-folders",
        {"a/TST005-a.yaml": rule_yaml("TST005", "five"), "b/TST005-b.yaml": rule_yaml("TST005", "five-again")},
        ["check", "--rules", "{tmp}/a", "--rules", "{tmp}/b", "-"],
        r"/b/TST005-b\.yaml: rule TST005: duplicate code, already defined in .*/a/TST005-a\.yaml$",
    ),
    Case(
        "duplicate-of-a-builtin-code",
        {"r/PRO101-mine.yaml": rule_yaml("PRO101", "mine")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"/r/PRO101-mine\.yaml: rule PRO101: duplicate code, already defined in .*PRO101-.*\.yaml$",
    ),
    Case(
        "invalid-token-pattern",
        {"r/TST006-x.yaml": rule_yaml("TST006", "six", "  - type: token_pattern\n    patterns:\n      - [{LOWR: buy}]\n")},
        ["check", "--rules", "{tmp}/r", "-"],
        # spaCy's own validation message, with the rule named
        r"rule TST006: invalid token_pattern: .*LOWR\] Extra inputs are not permitted$",
    ),
    Case(
        "invalid-token-pattern-operator",
        {"r/TST006-x.yaml": rule_yaml("TST006", "six", "  - type: token_pattern\n    patterns:\n      - [{LOWER: buy, OP: '%'}]\n")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"rule TST006: invalid token_pattern: .*OP",
    ),
    Case(
        "invalid-dependency-pattern",
        {"r/TST010-x.yaml": rule_yaml("TST010", "ten", textwrap.dedent("""\
              - type: dependency_pattern
                patterns:
                  - [{RIGHT_ID: a, RIGHT_ATTRS: {LOWER: buy}}, {LEFT_ID: zz, REL_OP: '>', RIGHT_ID: b, RIGHT_ATTRS: {DEP: dobj}}]
            """))},
        ["check", "--rules", "{tmp}/r", "-"],
        r"rule TST010: invalid dependency_pattern: \[E101\] RIGHT_ID should be a new node",
    ),
    Case(
        "regex-does-not-compile",
        {"r/TST007-x.yaml": rule_yaml("TST007", "seven", "  - type: regex\n    pattern: '(unclosed'\n")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"/r/TST007-x\.yaml:8: rule TST007: detectors\.0\.regex: regex does not compile: missing \) at position 9$",
    ),
    Case(
        "regex-unknown-group",
        {"r/TST007-x.yaml": rule_yaml("TST007", "seven", "  - type: regex\n    pattern: '(?P<a>x)'\n    group: b\n")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"rule TST007: detectors\.0\.regex: group 'b' is not a named group of the pattern$",
    ),
    Case(
        "unknown-metric",
        {"r/TST008-x.yaml": rule_yaml("TST008", "eight", "  - type: metric\n    metric: vibes\n    threshold: 3\n")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"rule TST008: detectors\.0\.metric\.metric: unknown metric 'vibes'; known metrics: .*word_count",
    ),
    Case(
        "unknown-detector-type",
        {"r/TST009-x.yaml": rule_yaml("TST009", "nine", "  - type: sentiment\n    phrases: [x]\n")},
        ["check", "--rules", "{tmp}/r", "-"],
        r"rule TST009: detectors\.0: Input tag 'sentiment' found using 'type' does not match any of the expected tags: 'phrase'",
    ),
    Case(
        "template-format-spec",
        {"r/TST011-x.yaml": rule_yaml("TST011", "eleven", message='"{match:>999999999}"')},
        ["check", "--rules", "{tmp}/r", "-"],
        r"rule TST011: message: placeholder \{match:>999999999\} must be a plain name such as \{match\}$",
    ),
    Case(
        "template-attribute-access",
        {"r/TST011-x.yaml": rule_yaml("TST011", "eleven", message='"{match.__class__}"')},
        ["check", "--rules", "{tmp}/r", "-"],
        r"rule TST011: message: placeholder \{match\.__class__\} must be a plain name",
    ),
    Case(
        "rules-folder-missing",
        {},
        ["check", "--rules", "{tmp}/nowhere", "-"],
        r"/nowhere: rules folder not found$",
    ),
    Case(
        "rule-file-not-utf8",
        {},
        ["check", "--rules", "{tmp}/r", "-"],
        r"/r/TST012-x\.yaml: cannot read rule file: 'utf-8' codec can't decode byte 0xff",
        extra={"bytes": {"r/TST012-x.yaml": b"code: TST012\xff\n"}},
    ),
]


@pytest.mark.parametrize("case", RULE_CASES, ids=[c.id for c in RULE_CASES])
def test_rule_errors(case: Case, tmp_path: Path) -> None:
    args = _materialise(case, tmp_path)
    for rel, data in case.extra.get("bytes", {}).items():  # type: ignore[union-attr]
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    code, _, stderr = run(args, case.stdin)
    _assert_one_line_error(stderr, case.message)
    assert code == case.exit_code


# --- config ----------------------------------------------------------------------------------

CONFIG_CASES = [
    Case(
        "unknown-key-with-hint",
        {"c.yaml": "selcet: [snark]\n"},
        ["check", "--config", "{tmp}/c.yaml", "-"],
        r"/c\.yaml: unknown setting 'selcet'; did you mean 'select'\?$",
    ),
    Case(
        "unknown-snake-case-key-with-kebab-hint",
        {"c.yaml": "min_scor: 50\n"},
        ["check", "--config", "{tmp}/c.yaml", "-"],
        r"/c\.yaml: unknown setting 'min_scor'; did you mean 'min-score'\?$",
    ),
    Case(
        "unknown-key-in-pyproject",
        {"pyproject.toml": "[tool.authlint]\nselcet = ['snark']\n"},
        ["check", "--config", "{tmp}/pyproject.toml", "-"],
        r"/pyproject\.toml: unknown setting 'selcet'; did you mean 'select'\?$",
    ),
    Case(
        "yaml-syntax-error",
        {"c.yaml": "select: [snark\nignore: []\n"},
        ["check", "--config", "{tmp}/c.yaml", "-"],
        r"/c\.yaml:2:7: YAML syntax error: expected ',' or ']', but got ':'$",
    ),
    Case(
        "toml-syntax-error",
        {"pyproject.toml": "[tool.authlint\nselect = 1\n"},
        ["check", "--config", "{tmp}/pyproject.toml", "-"],
        r"/pyproject\.toml: TOML syntax error: .*\(at line 1, column 15\)$",
    ),
    Case(
        "wrong-type",
        {"c.yaml": "min-score: lots\n"},
        ["check", "--config", "{tmp}/c.yaml", "-"],
        r"/c\.yaml: min-score: Input should be a valid number, unable to parse string as a number$",
    ),
    Case(
        "not-a-mapping",
        {"c.yaml": "- select\n"},
        ["check", "--config", "{tmp}/c.yaml", "-"],
        r"/c\.yaml: expected a mapping of settings, got list$",
    ),
    Case(
        "conflicting-select-ignore",
        {"c.yaml": "select: [snark]\nignore: [snark]\n"},
        ["check", "--config", "{tmp}/c.yaml", "-"],
        r"'snark' is both selected and ignored$",
    ),
    Case(
        "selector-matches-nothing",
        {"c.yaml": "select: [snrak]\n"},
        ["check", "--config", "{tmp}/c.yaml", "-"],
        r"select: 'snrak' matches no rule code, name, alias or category; did you mean 'snark'\?$",
    ),
    Case(
        "config-file-missing",
        {},
        ["check", "--config", "{tmp}/nope.yaml", "-"],
        r"/nope\.yaml: cannot read config: .*No such file or directory",
    ),
    Case(
        "model-not-installed",
        {"c.yaml": "model: en_core_web_xx\n"},
        ["check", "--config", "{tmp}/c.yaml", "-"],
        r"spaCy model 'en_core_web_xx' is not installed; install it with `pip install en-core-web-xx` or set `model` in your config$",
    ),
]


@pytest.mark.parametrize("case", CONFIG_CASES, ids=[c.id for c in CONFIG_CASES])
def test_config_errors(case: Case, tmp_path: Path) -> None:
    code, _, stderr = run(_materialise(case, tmp_path), case.stdin)
    _assert_one_line_error(stderr, case.message)
    assert code == case.exit_code


# --- safety: YAML can never run code ---------------------------------------------------------

PAYLOAD = "!!python/object/apply:os.system ['touch {marker}']"


@pytest.mark.parametrize("where", ["config", "rule"])
def test_yaml_python_tags_never_run(where: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = PAYLOAD.format(marker=marker)
    if where == "config":
        (tmp_path / "c.yaml").write_text(f"select: {payload}\n", encoding="utf-8")
        args = ["check", "--config", str(tmp_path / "c.yaml"), "-"]
    else:
        (tmp_path / "r").mkdir()
        (tmp_path / "r" / "TST001-x.yaml").write_text(rule_yaml("TST001", "x", why=payload), encoding="utf-8")
        args = ["check", "--rules", str(tmp_path / "r"), "-"]
    code, _, stderr = run(args, "hello")
    _assert_one_line_error(stderr, r"could not determine a constructor for the tag 'tag:yaml\.org,2002:python/object/apply:os\.system'")
    assert code == 2
    assert not marker.exists()


def test_every_yaml_load_in_the_package_is_safe() -> None:
    package = Path(__file__).resolve().parent.parent / "authlint"
    unsafe = re.compile(r"yaml\.(load|unsafe_load|full_load|load_all|unsafe_load_all|full_load_all)\(|Loader=(?!yaml\.SafeLoader|SafeLoader|yaml\.CSafeLoader)")
    offenders = [
        f"{p.relative_to(package)}:{n}"
        for p in package.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if unsafe.search(line)
    ]
    assert offenders == []


# --- rules that misbehave at run time --------------------------------------------------------

SLOW_RULE = rule_yaml("TST013", "slow-regex", "  - type: regex\n    pattern: '(a|aa)+$'\n    timeout: 0.05\n")


def test_catastrophic_regex_is_bounded_and_reported(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "TST013-slow.yaml").write_text(SLOW_RULE, encoding="utf-8")
    linter = Linter({"rules": [str(tmp_path / "r")], "select": ["TST013", "PRO101"]})
    evil = "Buy now " + "a" * 60 + "b"
    started = time.monotonic()
    reports = list(linter.check_many([evil] * 20 + ["Buy now! aaa"]))
    elapsed = time.monotonic() - started
    assert elapsed < 10  # 20 posts x (unbounded) backtracking would never finish
    first = reports[0]
    assert [f.rule for f in first.findings] == ["PRO101"]  # the other rules still ran
    [notice] = first.notices
    assert (notice.kind, notice.rule, notice.severity.value) == ("error", "TST013", "error")
    assert notice.message == "rule TST013 could not check this post: regex /(a|aa)+$/ exceeded its 0.05s time limit"
    # after three failures the rule is given up on for the rest of the run, and every post says so
    assert reports[5].notices[0].message.startswith("rule TST013 skipped: it failed on 3 earlier posts")
    assert all(r.notices and r.notices[0].rule == "TST013" for r in reports)
    assert [f.rule for f in reports[-1].findings] == ["PRO101"]


def test_catastrophic_regex_never_hangs_the_cli(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "TST013-slow.yaml").write_text(SLOW_RULE, encoding="utf-8")
    evil = "Buy now " + "a" * 60 + "b\n"
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "check", "--rules", str(tmp_path / "r"), "-"],
        input=evil, capture_output=True, text=True, timeout=60,
    )
    assert "Traceback" not in result.stderr
    assert "rule TST013 could not check this post: regex /(a|aa)+$/ exceeded its 0.05s time limit" in (
        result.stdout + result.stderr
    )
    assert result.returncode == 2  # the post could not be fully checked


# --- inputs through the CLI ------------------------------------------------------------------
#
# Run as real subprocesses (stdin, permissions and pipes behave for real) with --format json,
# whose schema is versioned, and assert per file: error / skipped / notices / finding positions.

AD = "Buy now!!! Link in bio."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"


def _cli(args: list[str], *, stdin: bytes | None = None, as_nobody: bool = False,
         close_stdin: bool = False, timeout: int = 120) -> subprocess.CompletedProcess[bytes]:
    import os

    prefix: list[str] = []
    if as_nobody and os.geteuid() == 0:
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "authlint", *args],
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None and not close_stdin else None,
        preexec_fn=(lambda: os.close(0)) if close_stdin else None,
        capture_output=True, timeout=timeout,
    )


def _json_run(args: list[str], **kwargs: object) -> tuple[int, dict[str, dict], dict, str]:
    """(exit code, files by path name, summary, stderr) of ``authlint check --format json ...``.

    In-process (click's CliRunner, 4x faster) unless ``kwargs`` ask for a real process.
    """
    import json

    argv = ["check", "--format", "json", *args]
    if kwargs:
        result = _cli(argv, **kwargs)  # type: ignore[arg-type]
        code, stdout, stderr = result.returncode, result.stdout, result.stderr.decode("utf-8", "replace")
    else:
        ran = CliRunner().invoke(cli, argv, catch_exceptions=False)
        code, stdout, stderr = ran.exit_code, ran.stdout_bytes, ran.stderr
    assert "Traceback" not in stderr, stderr
    data = json.loads(stdout)
    files = {Path(f["path"]).name: f for f in data["files"]}
    return code, files, data["summary"], stderr


def _positions(entry: dict) -> list[tuple[str, int, int]]:
    return [(f["rule"], f["line"], f["column"]) for f in entry["findings"]]


@dataclass
class InputCase:
    id: str
    files: dict[str, bytes]
    exit_code: int
    expect: dict[str, dict[str, object]]  # file name -> {"error"|"skipped"|"notice": regex, "first": (rule, line, col)}
    args: list[str] = field(default_factory=list)


INPUT_CASES = [
    InputCase("empty-file", {"empty.txt": b""}, 0, {"empty.txt": {"score": 100}}),
    InputCase("whitespace-only", {"ws.txt": b" \n\t\r\n  "}, 0, {"ws.txt": {"score": 100}}),
    InputCase(
        "binary-file-skipped-with-notice", {"img.txt": PNG, "b.txt": AD.encode()}, 1,
        {"img.txt": {"skipped": r"^looks like a binary file \(contains NUL bytes\); skipped$"},
         "b.txt": {"first": ("PRO101", 1, 1)}},
    ),
    InputCase(
        "invalid-utf8-names-the-byte-others-still-checked",
        {"a.txt": b"Nice day.\nBuy \xff now", "b.txt": AD.encode()}, 2,
        {"a.txt": {"error": r"^not valid UTF-8 at byte 14 \(line 2, byte 0xff\); use --encoding"},
         "b.txt": {"first": ("PRO101", 1, 1)}},
    ),
    InputCase(
        "encoding-option-reads-legacy-text", {"a.txt": "Café crème. Buy now!!!".encode("cp1252")}, 1,
        {"a.txt": {"first": ("PRO101", 1, 13)}}, args=["--encoding", "cp1252"],
    ),
    InputCase(
        "utf8-bom-is-not-a-column", {"bom.txt": b"\xef\xbb\xbf" + AD.encode()}, 1,
        {"bom.txt": {"first": ("PRO101", 1, 1)}},
    ),
    InputCase(
        "utf16-le-bom", {"u16.txt": b"\xff\xfe" + ("Hi.\r\n" + AD).encode("utf-16-le")}, 1,
        {"u16.txt": {"first": ("PRO101", 2, 1)}},
    ),
    InputCase(
        "utf16-be-bom", {"u16.txt": b"\xfe\xff" + AD.encode("utf-16-be")}, 1,
        {"u16.txt": {"first": ("PRO101", 1, 1)}},
    ),
    InputCase(
        "crlf-columns", {"crlf.txt": ("Hello there.\r\nOK then. " + AD).encode()}, 1,
        {"crlf.txt": {"first": ("PRO101", 2, 10)}},
    ),
    InputCase(
        "lone-cr-columns", {"cr.txt": ("Hello there.\rOK then. " + AD).encode()}, 1,
        {"cr.txt": {"first": ("PRO101", 2, 10)}},
    ),
    InputCase(
        "ten-mb-file-refused-others-still-checked", {"huge.txt": b"", "b.txt": AD.encode()}, 2,
        {"huge.txt": {"error": r"^10 MB is over the 100 KB limit for one post; split it into posts$"},
         "b.txt": {"first": ("PRO101", 1, 1)}},
    ),
    InputCase(
        "not-english-gets-an-info-notice",
        {"es.txt": "¡Compra ahora! Es el mejor producto del año y la oferta es solo por hoy.".encode()}, 0,
        {"es.txt": {"notice": r"^post looks like Spanish, not English; authlint checks English only, so no rules ran$",
                    "score": 100}},
    ),
    InputCase(
        "symlink-loop-others-still-checked", {"b.txt": AD.encode()}, 2,
        {"loop.txt": {"error": r"^symlink loop"}, "b.txt": {"first": ("PRO101", 1, 1)}},
    ),
]


@pytest.mark.parametrize("case", INPUT_CASES, ids=[c.id for c in INPUT_CASES])
def test_input_handling(case: InputCase, tmp_path: Path) -> None:
    for rel, data in case.files.items():
        (tmp_path / rel).write_bytes(data)
    if "huge.txt" in case.files:
        with open(tmp_path / "huge.txt", "wb") as handle:  # sparse: 10 MB on paper, nothing on disk
            handle.truncate(10_000_000)
    if "loop" in case.id:
        (tmp_path / "loop.txt").symlink_to(tmp_path / "loop2.txt")
        (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop.txt")
    names = sorted({*case.files, *case.expect})
    code, files, summary, _ = _json_run([*case.args, *(str(tmp_path / n) for n in names)])
    for name, expected in case.expect.items():
        entry = files[name]
        for key in ("error", "skipped"):
            if key in expected:
                assert entry[key] is not None and re.search(str(expected[key]), entry[key]), entry
            else:
                assert entry[key] is None, entry
        if "notice" in expected:
            assert any(re.search(str(expected["notice"]), n["message"]) and n["severity"] == "info"
                       for n in entry["notices"]), entry["notices"]
        if "first" in expected:
            assert _positions(entry)[0] == expected["first"], entry["findings"]
        if "score" in expected:
            assert entry["score"] == expected["score"]
    errors = {Path(e["path"]).name for e in summary["errors"]}
    assert errors == {n for n, e in case.expect.items() if "error" in e}  # the summary lists every one
    assert code == case.exit_code


def test_every_file_that_could_not_be_checked_is_listed_and_the_rest_are_checked(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 not text")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    with open(tmp_path / "big.txt", "wb") as handle:
        handle.truncate(2_000_000)
    (tmp_path / "good.txt").write_text(AD, encoding="utf-8")
    (tmp_path / "clean.txt").write_text("We shipped the new search today.", encoding="utf-8")
    code, files, summary, _ = _json_run([str(tmp_path)])
    assert sorted(Path(e["path"]).name for e in summary["errors"]) == ["bad.txt", "big.txt", "loop.txt"]
    assert files["good.txt"]["findings"] and files["clean.txt"]["error"] is None
    assert summary["checked"] == 2
    assert code == 2
    text = _cli(["check", str(tmp_path)]).stdout.decode()
    for name in ("bad.txt", "big.txt", "loop.txt"):
        assert re.search(rf"{name}.*error", text), text


def test_missing_path_others_still_checked(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(AD, encoding="utf-8")
    code, files, summary, stderr = _json_run([str(tmp_path / "nope.txt"), str(tmp_path / "b.txt")])
    assert files["nope.txt"]["error"] == "no such file or folder"
    assert _positions(files["b.txt"])[0] == ("PRO101", 1, 1)
    assert code == 2


def test_permission_denied_others_still_checked(tmp_path: Path) -> None:
    import os
    import shutil

    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("root reads every file and setpriv is unavailable")
    tmp_path.chmod(0o755)
    for parent in tmp_path.parents:  # let the unprivileged user reach the folder
        if parent == Path("/") or parent.stat().st_mode & 0o001:
            break
        parent.chmod(parent.stat().st_mode | 0o001)
    secret = tmp_path / "secret.txt"
    secret.write_text(AD, encoding="utf-8")
    secret.chmod(0)
    good = tmp_path / "good.txt"
    good.write_text(AD, encoding="utf-8")
    good.chmod(0o644)
    code, files, summary, _ = _json_run([str(secret), str(good)], as_nobody=True)
    assert files["secret.txt"]["error"] == "permission denied"
    assert _positions(files["good.txt"])[0] == ("PRO101", 1, 1)
    assert code == 2


def test_stdin_closed() -> None:
    result = _cli(["check", "-"], close_stdin=True)
    out = (result.stdout + result.stderr).decode()
    assert "Traceback" not in out
    assert re.search(r"<stdin>.*cannot read", out), out
    assert result.returncode == 2


def test_stdin_writer_gone_early_is_just_a_short_post() -> None:
    code, files, _, _ = _json_run(["-"], stdin=b"Buy now!!! Li")  # a real pipe, closed by the writer
    assert _positions(files["<stdin>"])[0] == ("PRO101", 1, 1)
    assert code == 1


def test_stdout_closed_early_is_quiet(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"p{i:02}.txt").write_text(AD + "\n" + AD, encoding="utf-8")
    proc = subprocess.run(
        f"'{sys.executable}' -m authlint check '{tmp_path}' | head -c 10",
        shell=True, capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in proc.stderr
    assert "BrokenPipeError" not in proc.stderr


def test_folder_with_no_posts(tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "image.png").write_bytes(PNG)
    result = _cli(["check", str(tmp_path / "posts")])
    out = (result.stdout + result.stderr).decode()
    assert "Traceback" not in out
    assert re.search(r"posts.*no posts", out), out
    assert result.returncode == 2


def test_over_long_post_gets_a_notice_and_the_batch_goes_on(linter: Linter) -> None:
    from authlint.engine.run import MAX_POST_CHARS

    long_post = "Buy now!!! " + "x" * MAX_POST_CHARS
    started = time.monotonic()
    first, second = linter.check_many([long_post, AD])
    assert time.monotonic() - started < 10  # refused, not analysed
    assert first.findings == [] and [n.kind for n in first.notices] == ["too-long"]
    assert first.notices[0].severity.value == "error"
    assert first.notices[0].message == (
        f"post has {len(long_post):,} characters, over the {MAX_POST_CHARS:,} limit; not checked"
    )
    assert [f.rule for f in second.findings][:1] == ["PRO101"]


def test_a_rule_that_loops_forever_is_stopped_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import authlint.engine.run as api
    from authlint.engine.bind import BoundRule

    def loops_forever(doc: object) -> list[object]:
        while True:
            try:
                sum(range(1000))
            except Exception:  # a rule that swallows errors still cannot swallow the time limit
                pass

    linter = Linter({"select": ["PRO101", "PRO102"]})
    bound = linter.engine.bound
    hung = BoundRule(bound[0].rule, (loops_forever,))
    monkeypatch.setattr(linter.engine, "bound", [hung, *bound[1:]], raising=False)
    linter.engine.__dict__.pop("gate", None)  # built lazily from the patched rules
    monkeypatch.setattr(api, "RULE_TIME_LIMIT", 0.2)
    started = time.monotonic()
    reports = list(linter.check_many([AD] * 5))
    assert time.monotonic() - started < 10
    first = reports[0]
    assert [n.message for n in first.notices] == [
        f"rule {hung.rule.code} could not check this post: it took longer than 0.2s on this post"
    ]
    assert reports[4].notices[0].message.startswith(f"rule {hung.rule.code} skipped: it failed on 3 earlier posts")


def test_time_limit_stops_a_loop_off_the_main_thread_too() -> None:
    """Dask, Ray and Spark run tasks in worker threads, where SIGALRM cannot reach: the watcher
    thread stops the loop there, and a block that ends in time is never interrupted later."""
    import threading

    from authlint.engine.watchdog import Overrun, available, time_limit

    assert available()
    with pytest.raises(Overrun, match=r"took longer than 0\.05s"), time_limit(0.05):
        while True:
            pass
    seen: list[object] = []

    def worker() -> None:
        seen.append(available())
        started = time.monotonic()
        try:
            with time_limit(0.1):
                while True:
                    pass
        except Overrun as exc:
            seen.append((str(exc), time.monotonic() - started < 5))
        for _ in range(50):  # many short blocks that end in time: none is interrupted afterwards
            with time_limit(0.02):
                sum(range(100))
        time.sleep(0.1)
        seen.append("finished")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert seen == [False, ("took longer than 0.1s", True), "finished"]


def test_a_rule_that_loops_forever_is_stopped_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import authlint.engine.run as api
    from authlint.engine.bind import BoundRule

    def loops_forever(doc: object) -> list[object]:
        while True:
            pass

    linter = Linter({"select": ["PRO101", "PRO102"]})
    bound = linter.engine.bound
    hung = BoundRule(bound[0].rule, (loops_forever,))
    monkeypatch.setattr(linter.engine, "bound", [hung, *bound[1:]], raising=False)
    linter.engine.__dict__.pop("gate", None)
    monkeypatch.setattr(api, "RULE_TIME_LIMIT", 0.2)
    reports: list[object] = []
    thread = threading.Thread(target=lambda: reports.extend(linter.check_many([AD] * 2)))
    thread.start()
    thread.join(20)
    assert not thread.is_alive() and len(reports) == 2
    assert [n.message for n in reports[0].notices] == [  # type: ignore[attr-defined]
        f"rule {hung.rule.code} could not check this post: it took longer than 0.2s on this post"
    ]


# --- model names from config -------------------------------------------------------------------
# `model:` names an installed package; a module that is not a spaCy pipeline must be a one-line
# error (exit 2), and must not even be imported (importing runs its code).


def test_model_that_is_not_a_pipeline_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("model: json\n", encoding="utf-8")
    code, _, stderr = run(["check", "--config", str(tmp_path / "c.yaml"), "-"], "Buy now")
    _assert_one_line_error(stderr, r"spaCy model 'json' .*not a spaCy pipeline")
    assert code == 2


def test_model_name_never_imports_an_arbitrary_package(tmp_path: Path) -> None:
    import os

    marker = tmp_path / "imported"
    (tmp_path / "sneaky_pkg.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("model: sneaky_pkg\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "authlint", "check", "--config", str(tmp_path / "c.yaml"), "-"],
        input="Buy now", capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert not marker.exists()
    assert result.returncode == 2
