"""Regex literal prefilters must never skip a post the regex would match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from authlint.detectors.context import CheckContext
from authlint.detectors.regex import RegexDetector
from authlint.gate.literal_scan import LiteralScan, all_literals, literal_test
from authlint.gate.regex_literals import caseless_symbol, necessary_literals, necessary_terms
from authlint.ruleset.loader import load_rules
from authlint.support.data import builtin_rules_dir
from authlint.support.text import fold

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("pattern", "ignore_case", "expected"),
    [
        (r"\b(?:use my code|dm me)\b", True, {"use my code", "dm me"}),
        (r"link in (?:bio|profile)", True, {"link in "}),
        (r"(?:a|)xyz", True, {"xyz"}),
        (r"(?i)SALE", False, {"sale"}),
        (r"SALE", False, {"SALE"}),
        (r"(?:free|win)\s+\$?\d+", True, {"free", "win"}),
        (r"(?:buy )+now", True, {"buy "}),
        (r"x?", True, None),  # may match the empty string
        (r"(?:foo|\w+)", True, None),  # one branch has no literal
        (r"[a-z]+", True, None),
        (r"\p{L}+ sale", True, None),  # syntax only the regex package knows: no literals
        (r"caf\u00e9s", True, {"caf"}),  # non-ASCII letters are left out under IGNORECASE...
        (r"caf\u00e9s", False, {"caf\u00e9s"}),  # ...but not when case matters
        ("👉|🔗 link", True, {"👉", "🔗 link"}),  # caseless symbols are kept
    ],
)
def test_necessary_literals(pattern: str, ignore_case: bool, expected: set[str] | None) -> None:
    found = necessary_literals(pattern, ignore_case)
    assert (set(found) if found is not None else None) == expected


def test_every_non_ascii_character_that_matches_an_ascii_letter_folds_to_it() -> None:
    every = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    odd = regex.findall(r"(?i)[a-z]", every)  # one C pass over every non-ASCII code point
    assert odd == ["\u0130", "\u017f", "\u212a"]
    for char in odd:
        letter = next(a for a in "abcdefghijklmnopqrstuvwxyz" if regex.fullmatch(f"(?i){a}", char))
        assert letter in fold(char)


def test_caseless_symbols_match_only_themselves_and_survive_folding() -> None:
    """Every non-ASCII character :func:`caseless_symbol` accepts as a literal: no other code point
    matches it case-insensitively, and folding the text leaves it in place."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    accepted = [c for c in regex.findall(r"[\p{S}\p{P}]", every[128:]) if caseless_symbol(c)]
    assert {"👉", "✨", "“", "’", "🔗"} <= set(accepted) and "Ⓐ" not in accepted and "é" not in accepted
    pattern = regex.compile("(?i)[" + "".join(regex.escape(c) for c in accepted) + "]")
    assert set(pattern.findall(every)) == set(accepted)  # one C pass over all code points
    assert fold("".join(accepted)) == "".join(accepted)


def _builtin_regexes() -> list[RegexDetector]:
    found: list[RegexDetector] = []

    def walk(d: object) -> None:
        if isinstance(d, RegexDetector):
            found.append(d)
        for child in [getattr(d, "when", None), *(getattr(d, "unless", None) or [])]:
            if child is not None:
                walk(child)

    for rule in load_rules([builtin_rules_dir()]):
        for detector in rule.detectors:
            walk(detector)
    return found


REGEXES = _builtin_regexes()


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in (ROOT / "examples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for rule in load_rules([builtin_rules_dir()]):
        texts += [b.text for b in rule.examples.bad] + list(rule.examples.good)
    return texts


def test_most_builtin_regexes_have_literals() -> None:
    with_literals = [d for d in REGEXES if d._literals is not None]
    assert len(with_literals) >= 0.75 * len(REGEXES)


def test_builtin_regexes_never_skip_a_text_they_match() -> None:
    texts = _texts()
    for detector in REGEXES:
        for text in texts:
            if detector.search(text):
                assert detector.could_match(text), (detector.pattern[:60], text)


_ODD = st.sampled_from(["İ", "ſ", "K", "I", "S", "K"])


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_texts()), st.lists(st.tuples(st.integers(0, 400), _ODD), max_size=6), st.booleans())
def test_case_changes_and_odd_letters_never_hide_a_match(text: str, edits: list[tuple[int, str]], upper: bool) -> None:
    """Upper-casing and letters such as U+0130 or U+017F that case-insensitively match ASCII."""
    chars = list(text.upper() if upper else text)
    for position, char in edits:
        if chars:
            chars[position % len(chars)] = char
    mutated = "".join(chars)
    for detector in REGEXES:
        if detector.search(mutated):
            assert detector.could_match(mutated), (detector.pattern[:60], mutated)


def test_patterns_compile_on_first_use_and_errors_still_fail_at_load() -> None:
    lazy = RegexDetector(pattern=r"\bflash sale\b")
    assert lazy._compiled is None  # checked by the standard parser; `regex` compiles it on demand
    assert lazy.search("Flash sale today") and lazy._compiled is not None
    eager = RegexDetector(pattern=r"\p{Lu}{3,}")  # syntax only the regex package knows
    assert eager._compiled is not None
    with pytest.raises(ValueError, match="regex does not compile"):
        RegexDetector(pattern=r"(unclosed")
    with pytest.raises(ValueError, match="not a named group"):
        RegexDetector(pattern=r"(?P<a>x)", group="b")
    with pytest.raises(ValueError, match="does not exist"):
        RegexDetector(pattern=r"(x)", group=2)


def test_a_bound_regex_compiles_only_when_a_post_passes_its_literal_test() -> None:
    """Binding does not compile: a run whose posts never contain a rule's literals (a one-post
    check, a re-run after one edit) never pays for that rule's pattern."""
    import spacy

    nlp = spacy.blank("en")
    detector = RegexDetector(pattern=r"\bflash\s+sale\b")
    find = detector.bind(None, "X100")  # type: ignore[arg-type]  # a regex reads no context
    assert detector._compiled is None
    assert find(nlp("The weather is mild today.")) == [] and detector._compiled is None
    assert [(m.start, m.end) for m in find(nlp("Our FLASH  sale ends tonight."))] == [(4, 15)]
    assert detector._compiled is not None


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\blike\s+and\s+share\b|\btag\s+someone\b", {frozenset({"like", "and", "share"}), frozenset({"tag", "someone"})}),
        (r"(?:free|win)\s+\$?\d+ today", {frozenset({"free", "win", " today"})}),  # one set per alternation of words
        (r"(?:buy|get) (?:it|one) now", {frozenset({"buy", "get", " ", "it", "one", " now"})}),
        (r"x?", None),
    ],
)
def test_necessary_terms(pattern: str, expected: set[frozenset[str]] | None) -> None:
    """Each term is a conjunction of literal sets; a set's members are its alternatives."""
    terms = necessary_terms(pattern, True)
    if expected is None:
        assert terms is None
        return
    assert terms is not None
    assert {frozenset(w for literals in term for w in literals) for term in terms} == expected
    scan = LiteralScan()
    scan.add(all_literals(frozenset().union(*terms[0]), terms))
    assert literal_test(frozenset().union(*terms[0]), terms)(scan.present(fold("Like and share!"))) == ("like" in pattern)


def test_terms_are_finer_than_literals() -> None:
    """A text with a literal of the quick test but no whole term is skipped."""
    detector = RegexDetector(pattern=r"\blike\s+and\s+share\b|\btag\s+someone\b")
    assert detector.could_match("Like and share")
    assert not detector.could_match("I like to share")  # "like" and "share" but no "and"
    assert detector._literals is not None and detector._terms is not None


@given(st.sets(st.text(alphabet="ab.*(|é🙄 ", max_size=4), max_size=6), st.text(alphabet="ab.*(|é🙄 x", max_size=30))
def test_one_scan_equals_testing_each_literal(literals: set[str], text: str) -> None:
    """The one-pass scan and the set tests answer exactly as the substring loops they replace."""
    found = frozenset(literals)
    terms = ((found, frozenset({"a"})), (frozenset({"b."}),))
    scan = LiteralScan()
    scan.add(all_literals(found, terms))
    present = scan.present(text)
    assert present == {literal for literal in all_literals(found, terms) if literal and literal in text}
    assert literal_test(found, None)(present) == any(literal in text for literal in found)
    by_loop = any(literal in text for literal in found) and any(
        all(any(literal in text for literal in sets) for sets in term) for term in terms
    )
    assert literal_test(found, terms)(present) == by_loop


def test_rules_bound_together_scan_each_post_once() -> None:
    """Every regex bound through one context adds its literals to one scan per haystack: a post
    is scanned once for all of them, and a literal added later rescans it."""
    import spacy

    nlp = spacy.blank("en")
    ctx = CheckContext(None)  # type: ignore[arg-type]  # a regex reads only the shared scans
    flash = RegexDetector(pattern=r"\bflash\s+sale\b").bind(ctx, "X1")
    code = RegexDetector(pattern=r"\buse\s+my\s+code\b").bind(ctx, "X2")
    exact = RegexDetector(pattern=r"\bSALE\b", ignore_case=False).bind(ctx, "X3")
    doc = nlp("FLASH sale! Use my code. SALE")
    assert [len(f(doc)) for f in (flash, code, exact)] == [1, 1, 1]
    scans = [k for k in doc.user_data if str(k).startswith("authlint.literals.")]
    assert len(scans) == 2  # folded text and original text, once each
    assert ctx.literal_scan(True).of(doc) >= {"flash", "code"}
    late = RegexDetector(pattern=r"\bdm\s+me\b").bind(ctx, "X4")
    assert late(nlp("dm me")) and not late(doc)


def test_a_scan_without_literals_finds_nothing_and_builds_nothing() -> None:
    import spacy

    scan = LiteralScan()
    scan.add(["", ""])  # the empty string needs no scan
    assert scan.present("anything at all") == frozenset()
    assert scan.of(spacy.blank("en")("anything")) == frozenset()
    scan.add(["any"])
    assert scan.present("anything at all") == {"any"}
