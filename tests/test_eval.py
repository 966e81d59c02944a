"""``authlint eval``: reading labelled JSONL, the metrics, the CLI, and the corpus regression."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from authlint import Linter
from authlint.cli import cli
from authlint.errors import InputError
from authlint.report.evaluate import categories_for, evaluate, predicted_categories, read_rows
from authlint.report.scoring import PENALTY_CATEGORIES
from authlint.ruleset.schema import Finding, Report
from authlint.severity import Severity

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus.jsonl"
# The targets for the project's own corpus.
MIN_PRECISION = MIN_RECALL = 0.9
MAX_CLEAN_FALSE_ALARMS = 0.05


def _write(tmp_path: Path, rows: list[object], name: str = "c.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _finding(category: str, severity: Severity = Severity.WARNING, rule: str = "XYZ001") -> Finding:
    return Finding(rule=rule, name="x", category=category, severity=severity, message="m", why="w",
                   start=0, end=1, line=1, column=1, end_line=1, end_column=2, text="x", weight=5)


def _report(*findings: Finding, score: float = 90) -> Report:
    return Report(score=score, categories={}, findings=list(findings))


# --- reading rows ------------------------------------------------------------------------------


def test_labels_rows_are_exhaustive_and_label_rows_are_scoped(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"id": "a", "text": "t", "labels": ["snark"]}, {"text": "u", "labels": []}])
    rows = read_rows(path)
    assert [r.labels for r in rows] == [frozenset({"snark"}), frozenset()]
    assert rows[0].scope is None and rows[0].id == "a" and rows[1].id == "2"

    path = _write(tmp_path, [{"text": "t", "label": 1}, {"text": "u", "label": 0}], "b.jsonl")
    rows = read_rows(path, "snark")
    assert [r.labels for r in rows] == [frozenset({"snark"}), frozenset()]
    assert all(r.scope == frozenset({"snark"}) for r in rows)


@pytest.mark.parametrize(
    ("line", "category", "problem"),
    [
        ('{"text": "ok", "labels": []}\n{"text": oops}', None, ":2: invalid JSON"),
        ('{"text": "x", "label": 1}', None, ":1: row has 'label' but no --category"),
        ('{"labels": []}', None, ":1: row has no string 'text'"),
        ('{"text": "x", "labels": "snark"}', None, ":1: 'labels' must be a list"),
        ('{"text": "x", "label": 2}', "snark", ":1: 'label' must be 0 or 1"),
        ('{"text": "x"}', None, ":1: row needs 'labels'"),
        ("[1, 2]", None, ":1: expected a JSON object"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, line: str, category: str | None, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_rows(path, category)
    assert f"{path}{problem}" in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_rows(tmp_path / "nope.jsonl")


# --- metrics -----------------------------------------------------------------------------------


def test_info_findings_do_not_count_except_for_connection() -> None:
    report = _report(_finding("snark", Severity.INFO), _finding("connection", Severity.INFO),
                     _finding("self-promotion", Severity.ERROR))
    assert predicted_categories(report) == {"connection", "self-promotion"}


def test_precision_recall_f1_and_clean_false_alarms(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        {"id": "tp", "text": "a", "labels": ["snark"]},
        {"id": "fn", "text": "b", "labels": ["snark"]},
        {"id": "fp", "text": "c", "labels": []},
        {"id": "tn", "text": "d", "labels": []},
    ])
    rows = read_rows(path)
    reports = [_report(_finding("snark"), score=80), _report(score=100),
               _report(_finding("snark"), score=60), _report(score=100)]
    result = evaluate(rows, reports, ["snark"], top=5)
    st = result.categories["snark"]
    assert (st.tp, st.fp, st.fn, st.tn) == (1, 1, 1, 1)
    assert st.precision == st.recall == st.f1 == 0.5
    assert (result.clean_flagged, result.clean_total) == (1, 2)
    assert [s.row.id for s in result.false_positives["snark"]] == ["fp"]
    assert [s.row.id for s in result.false_negatives["snark"]] == ["fn"]
    assert result.scores["clean"]["min"] == 60 and result.scores["snark"]["mean"] == 90


def test_label_rows_only_count_toward_their_own_category(tmp_path: Path) -> None:
    rows = read_rows(_write(tmp_path, [{"text": "a", "label": 0}]), "snark")
    result = evaluate(rows, [_report(_finding("self-promotion"))], categories_for(rows, PENALTY_CATEGORIES))
    assert list(result.categories) == ["snark"]
    assert result.categories["snark"].tn == 1
    assert result.clean_flagged == 0  # a promo finding is no false alarm in a snark file


# --- the command -------------------------------------------------------------------------------


def test_cli_text_and_json(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        {"id": "p1", "text": "Buy now! Link in bio.", "labels": ["self-promotion"]},
        {"id": "c1", "text": "Thanks to @ana for the photos from Saturday.", "labels": []},
    ])
    runner = CliRunner()
    text = runner.invoke(cli, ["eval", str(path)])
    assert text.exit_code == 0, text.output
    assert "self-promotion" in text.output and "clean posts with a warning: 0/1" in text.output

    out = runner.invoke(cli, ["eval", str(path), "--format", "json"])
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert data["rows"] == 2
    assert data["categories"]["self-promotion"]["recall"] == 1.0
    assert data["clean"] == {"total": 1, "flagged": 0, "false_alarm_rate": 0.0}


def test_cli_category_applies_to_label_files(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"text": "Oh great, another outage. Thanks for nothing.", "label": 1},
                             {"text": "The outage is fixed; sorry for the trouble.", "label": 0}])
    result = CliRunner().invoke(cli, ["eval", str(path), "--category", "snark", "--format", "json"])
    assert result.exit_code == 0
    snark = json.loads(result.output)["categories"]["snark"]
    assert (snark["tp"], snark["tn"]) == (1, 1)


def test_cli_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok", "labels": []}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"authlint: error: {path}:2: invalid JSON")
    assert len(result.output.strip().splitlines()) == 1

    missing = CliRunner().invoke(cli, ["eval", str(tmp_path / "missing.jsonl")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_cli_unknown_category_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"text": "x", "label": 1}])
    result = CliRunner().invoke(cli, ["eval", str(path), "--category", "snarky"])
    assert result.exit_code == 2
    assert "unknown --category 'snarky'; known: " in result.output and "snark" in result.output


# --- regression on the project's corpus ----------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_reports(linter: Linter):
    """The corpus rows and their reports, checked once for every corpus test of this module."""
    rows = read_rows(CORPUS)
    return rows, list(linter.check_many(r.text for r in rows))


@pytest.fixture(scope="module")
def corpus_result(corpus_reports):
    rows, reports = corpus_reports
    return rows, evaluate(rows, reports, categories_for(rows, PENALTY_CATEGORIES))


def test_corpus_is_big_enough(corpus_result) -> None:
    rows, _ = corpus_result
    for category in PENALTY_CATEGORIES:
        assert sum(category in r.labels for r in rows) >= 40, category
    assert sum(not r.labels for r in rows) >= 80


@pytest.mark.parametrize("category", PENALTY_CATEGORIES)
def test_corpus_category_meets_target(corpus_result, category: str) -> None:
    _, result = corpus_result
    st = result.categories[category]
    assert st.precision >= MIN_PRECISION, f"{category} precision {st.precision:.3f}"
    assert st.recall >= MIN_RECALL, f"{category} recall {st.recall:.3f}"


def test_corpus_clean_posts_rarely_warned(corpus_result) -> None:
    _, result = corpus_result
    assert result.clean_false_alarm_rate <= MAX_CLEAN_FALSE_ALARMS, [
        s.row.id for s in result.false_positives.get("clean", [])
    ]


def test_eval_is_fast_enough_for_thousands_of_rows(linter: Linter) -> None:
    rows = read_rows(CORPUS) * 4  # about 1,000 posts
    start = time.perf_counter()
    reports = list(linter.check_many(r.text for r in rows))
    assert len(reports) == len(rows)
    assert time.perf_counter() - start < 60


def test_corpus_score_bands_hold(corpus_reports) -> None:
    """Every bad draft scores below 90, every clean one 90 or more, and every post with a harm
    finding (scam, phishing, undisclosed ad) scores below every post with style findings only."""
    from authlint.report.scoring import is_harm

    rows, reports = corpus_reports
    bad = [(r, rep) for r, rep in zip(rows, reports) if r.labels]
    clean = [(r, rep) for r, rep in zip(rows, reports) if not r.labels]
    assert [r.id for r, rep in bad if rep.score >= 90] == []
    assert [r.id for r, rep in clean if rep.score < 90] == []
    harmful = [rep.score for _, rep in bad if any(is_harm(f) for f in rep.findings)]
    style = [rep.score for _, rep in bad if not any(is_harm(f) for f in rep.findings)]
    assert harmful and style and max(harmful) < min(style)


def test_eval_prints_the_band_table() -> None:
    out = CliRunner().invoke(cli, ["eval", str(CORPUS), "--top", "0"], catch_exceptions=False).stdout
    table = out[out.index("score bands by label"):]
    header = table.splitlines()[1].split()
    assert header[:2] == ["label", "ready"] and "rewrite" in header
    clean_row = next(line.split() for line in table.splitlines() if line.split()[:1] == ["clean"])
    assert int(clean_row[-1]) == 0 and int(clean_row[1]) > 0  # no clean post in "rewrite"
