"""Inline suppressions: next-line, ranges, selectors, plain-text forms, and unused ones (SUP100)."""

from __future__ import annotations

from authlint import Linter
from authlint.engine.suppress import apply
from authlint.io.directives import parse
from authlint.io.source import extract


def _run(linter: Linter, text: str, kind: str = "markdown"):
    src = extract(text, kind)  # type: ignore[arg-type]
    report = linter.check(src.prose)
    return report, *apply(text, report.findings, linter.rule_index)


def test_parse_forms() -> None:
    text = ("<!-- authlint-disable SNK101, PRO102 -->\nx\n<!--authlint-enable-->\n"
            "authlint-disable-next-line snark\n  authlint-enable PRO102  \n")
    got = [(d.action, d.selectors) for d in parse(text)]
    assert got == [("disable", ("SNK101", "PRO102")), ("enable", ()), ("disable-next-line", ("snark",)), ("enable", ("PRO102",))]


def test_directive_must_be_alone_on_its_line_in_plain_text() -> None:
    assert parse("please do not authlint-disable SNK101 here") == []


def test_next_line_suppresses_only_the_next_line(linter: Linter) -> None:
    text = "<!-- authlint-disable-next-line SNK101 -->\nOh great, another Monday.\nOh great, another Tuesday.\n"
    report, kept, unused = _run(linter, text)
    assert [f.line for f in report.findings if f.rule == "SNK101"] == [2, 3]
    assert [f.line for f in kept if f.rule == "SNK101"] == [3]
    assert unused == []


def test_next_line_skips_blank_lines(linter: Linter) -> None:
    text = "<!-- authlint-disable-next-line SNK101 -->\n\nOh great, another Monday.\n"
    _, kept, unused = _run(linter, text)
    assert not [f for f in kept if f.rule == "SNK101"] and unused == []


def test_range_by_category_name_and_prefix(linter: Linter) -> None:
    body = "Oh great, another Monday. Link in bio!\n"
    for selector in ("snark,self-promotion", "SNK101,link-in-bio", "SNK,PRO"):
        text = f"<!-- authlint-disable {selector} -->\n{body}<!-- authlint-enable -->\n{body}"
        _, kept, unused = _run(linter, text)
        assert {f.line for f in kept if f.rule in ("SNK101", "PRO102")} == {4}, selector
        assert unused == [], selector


def test_disable_without_codes_silences_everything_until_enable(linter: Linter) -> None:
    text = "authlint-disable\nOh great. Link in bio!\nauthlint-enable\nOh great.\n"
    _, kept, unused = _run(linter, text, "text")
    assert [f.line for f in kept if f.category != "connection"] == [4] and unused == []


def test_unused_suppression_is_reported_like_ruf100(linter: Linter) -> None:
    text = "<!-- authlint-disable-next-line SNK101 -->\nThanks to everyone who came on Thursday.\n"
    _, _kept, unused = _run(linter, text)
    assert len(unused) == 1
    u = unused[0]
    assert (u.rule, u.name, u.line, u.column) == ("SUP100", "unused-suppression", 1, 1)
    assert "suppresses nothing" in u.message and text[u.start:u.end] == u.text


def test_partly_used_directive_names_the_idle_selector(linter: Linter) -> None:
    text = "<!-- authlint-disable-next-line SNK101,PRO102 -->\nOh great, another Monday.\n"
    _, _, unused = _run(linter, text)
    assert len(unused) == 1 and "(PRO102)" in unused[0].message


def test_unknown_rule_in_directive_is_called_out(linter: Linter) -> None:
    _, _, unused = _run(linter, "<!-- authlint-disable-next-line XYZ999 -->\nHello.\n")
    assert "XYZ999: not a rule that ran" in unused[0].message
