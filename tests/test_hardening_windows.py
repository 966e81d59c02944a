"""Matchers with repeated tokens or open-ended relations run one sentence window at a time:
linear in the post's length and interruptible by the rules' time limit; refused patterns name
their file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint import Config, Linter
from authlint.detectors.windows import WINDOW, windows
from authlint.engine import run
from authlint.errors import RuleError
from authlint.ruleset.loader import load_rule_file

RULE = """\
code: TST001
name: runaway-stars
category: snark
severity: warning
message: "'{match}' runs away"
why: "two wildcards on a long post"
detectors:
  - type: token_pattern
    patterns:
      - [{LOWER: zz}]
      - [{OP: "*"}, {LOWER: a}, {OP: "*"}, {LOWER: a}, {LOWER: b}]
suggestions: [{template: "t"}]
examples:
  bad: ["zz"]
  good: ["yy"]
"""


def test_windows_cover_each_token_once_and_never_cross_a_sentence(linter: Linter) -> None:
    text = "We shipped it. " * 20 + "word " * (WINDOW * 2 + 7) + "Thanks all."
    doc = linter.analyzer.tokenize([text])[0]
    spans = list(windows(doc))
    assert [t.i for span in spans for t in span] == list(range(len(doc)))
    assert all(len(span) <= WINDOW for span in spans)
    assert doc.has_annotation("SENT_START")
    for span in spans:
        assert len({t.sent.start for t in span}) == 1  # one sentence per window


def test_windowed_matching_finds_what_whole_doc_matching_finds_within_sentences(linter: Linter) -> None:
    from spacy.matcher import Matcher

    from authlint.detectors.token_pattern import TokenPatternDetector

    text = " ".join(["Huge thanks to Ana and the whole team for all the help."] * 30)
    doc = linter.analyzer.nlp(text)
    assert len(doc) > WINDOW  # so the windowed path runs
    pattern = [{"LOWER": "thanks"}, {"IS_PUNCT": False, "OP": "*"}, {"LOWER": "team"}]
    find = TokenPatternDetector(patterns=[pattern], greedy="LONGEST").bind(linter.analyzer, "TST001")
    whole = Matcher(doc.vocab)
    whole.add("TST001", [pattern], greedy="LONGEST")
    expected = sorted((s.start_char, s.end_char) for s in whole(doc, as_spans=True))
    assert sorted((m.start, m.end) for m in find(doc)) == expected
    assert len(expected) == 30


def test_a_refused_pattern_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "TST001-runaway-stars.yaml"
    path.write_text(RULE.replace('[{OP: "*"}, {LOWER: a}, {OP: "*"}', '[{OP: "*"}, {LOWER: a}, {OP: "*"}, {OP: "*"}'))
    with pytest.raises(RuleError, match=rf"^{path}:11: rule TST001: .*pattern 1 has 3 tokens with OP"):
        load_rule_file(path)


def test_a_runaway_user_rule_on_a_long_post_is_stopped_by_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two wildcards on 20,000 tokens of "a": unwindowed this ran for many minutes in Cython, where
    # no signal lands; window by window the rules' time limit stops it.
    (tmp_path / "TST001-runaway-stars.yaml").write_text(RULE)
    monkeypatch.setattr(run, "RULE_TIME_LIMIT", 1.0)
    linter = Linter(Config(rules=[tmp_path], select=["TST001"]), prefilter=False)
    report = linter.check("a " * 20_000)
    assert [n.kind for n in report.notices] == ["error"]
    assert "TST001" in report.notices[0].message and "longer than 1s" in report.notices[0].message
