"""The language server's incremental checks (authlint.lsp.incremental, authlint.engine.blocks)
report exactly what a check with nothing cached reports, after any sequence of edits, and
only the edited paragraph goes through spaCy's models again.

"Nothing cached" is a fresh :class:`LinterCache`: the same analysis with an empty cache. How
that compares with ``Linter.check`` on the whole post (the statistical models do not read
across a blank line) is measured in bench/lsp.py, not asserted here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authlint import Linter
from authlint.engine.blocks import block_spans
from authlint.lsp.incremental import LinterCache
from authlint.lsp.lint import Checked, check_document, pieces
from authlint.nlp.features import LEMMA, NER, PARSER, TAGGER

# Written for these tests. They set off post-level rules (first-person share, hashtag counts,
# questions that excuse a brag, a sponsorship cue with its disclosure elsewhere) as well as
# phrase, pattern and parser rules, so an edit in one paragraph can change a finding in another.
SENTENCES = [
    "I shipped the new release and I fixed every bug myself.",
    "Huge thanks to Ana and Luis for the late nights on the sync engine.",
    "Oh great, another meeting that could have been an email.",
    "Use my code SAVE20 for a discount on the course.",
    "#ad This post is sponsored by the course.",
    "What would you like us to build next?",
    "Buy now!!! Link in bio.",
    "As a doctor I can tell you this supplement cures anxiety.",
    "We got the first beta wrong, and I am sorry.",
    "#growth #hustle #mindset #success #leadership #startup",
    "Honestly, I am the best engineer this company has ever had.",
    "The numbers: crash reports fell by a third this spring.",
    "Educate yourself before you comment on our colour choices.",
    "I won the regional award again this year.",
    "Check out https://example.com/launch for the slides.",
    "Per my last email, the guide is still the place to start.",
]
WORDS = ["calm", "I", "we", "my", "thanks", "#tag", "!!!", "?", "you", "great", "really", "win"]

paragraph = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map(" ".join)
document = st.lists(paragraph, min_size=2, max_size=5).map("\n\n".join)


@st.composite
def edit(draw: st.DrawFn, text: str) -> str:
    """One edit a writer makes: type or delete a word, add or remove a sentence or a blank line."""
    kind = draw(st.sampled_from(["word", "delete", "sentence", "split", "join", "chars"]))
    spaces = [i for i, c in enumerate(text) if c == " "] or [len(text)]
    at = draw(st.sampled_from(spaces))
    if kind == "word":
        return f"{text[:at]} {draw(st.sampled_from(WORDS))}{text[at:]}"
    if kind == "delete":
        end = text.find(" ", at + 1)
        return text[:at] + (text[end:] if end > 0 else "")
    if kind == "sentence":
        return f"{text[:at]} {draw(st.sampled_from(SENTENCES))}{text[at:]}"
    if kind == "split":
        return f"{text[:at]}\n\n{text[at + 1:]}"
    if kind == "join":
        return text.replace("\n\n", " ", 1)
    return text[:at] + draw(st.text(alphabet="abc !?#\n", min_size=1, max_size=3)) + text[at:]


@st.composite
def edits(draw: st.DrawFn) -> list[str]:
    versions = [draw(document)]
    for _ in range(draw(st.integers(1, 5))):
        versions.append(draw(edit(versions[-1])))
    return versions


def same(a: Checked, b: Checked) -> bool:
    return a.report == b.report and a.error == b.error and a.text == b.text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(versions=edits(), kind=st.sampled_from(["markdown", "text"]))
def test_every_version_checks_as_with_nothing_cached(linter: Linter, versions: list[str], kind: str) -> None:
    warm = LinterCache(linter)
    for text in versions:
        incremental = check_document(linter, text, kind, cache=warm)  # type: ignore[arg-type]
        fresh = check_document(linter, text, kind, cache=LinterCache(linter))  # type: ignore[arg-type]
        assert same(incremental, fresh), text


@pytest.mark.parametrize("config", [None, {"extend-select": ["SNK190"]}, {"ignore": ["SEL190", "PRO190", "IMP190"]}],
                         ids=["default", "every-learned-rule", "no-learned-rule"])
def test_an_edit_analyses_only_its_paragraph(config: dict | None) -> None:
    # The learned rules are post-level rules (they score the whole text); the paragraph rules
    # stay cached with them on.
    linter = Linter(config)
    paragraphs = [f"{SENTENCES[i]} {SENTENCES[(i + 7) % 16]}" for i in (0, 1, 2, 3, 6)]
    paragraphs.append("Dear customer, your tax refund of 240 GBP is ready. Claim it at hmrc-refunds.uk before 6pm.")
    text = "\n\n".join(paragraphs)
    cache = LinterCache(linter)
    check_document(linter, text, "markdown", cache=cache)
    analysed, checked = cache.blocks.analyzer.analysed, cache.blocks.paragraphs_checked
    edited = text.replace("late nights", "long nights")
    report = check_document(linter, edited, "markdown", cache=cache).report
    assert report is not None
    if config is None:  # a learned rule's finding is among them (IMP190 on the refund scam)
        assert any(f.rule.endswith("190") for f in report.findings)
    assert len(block_spans(edited)) == len(paragraphs)
    assert cache.blocks.fallbacks == 0
    # the edited block only: once for each depth of analysis the paragraph rules and the
    # post-level rules need (none if no model was needed); the other five come from the cache
    assert cache.blocks.analyzer.analysed - analysed <= 2
    assert cache.blocks.paragraphs_checked - checked == 1  # the paragraph rules ran on the edited one only


def test_a_post_level_finding_follows_an_edit_in_another_paragraph(linter: Linter) -> None:
    """Hashtags typed into the last paragraph make the whole post stuffed; deleting them clears it."""
    text = "\n\n".join([SENTENCES[1], SENTENCES[11], "See you there."])
    cache = LinterCache(linter)
    codes = lambda t: {f.rule for f in check_document(linter, t, "markdown", cache=cache).report.findings}  # noqa: E731
    clean = codes(text)
    stuffed_text = text + " " + SENTENCES[9] + " #devops #remote"
    stuffed = codes(stuffed_text)
    full = {f.rule for f in linter.check(stuffed_text).findings}
    assert "PRO104" in stuffed and "PRO104" in full and "PRO104" not in clean
    assert codes(text) == clean


def test_long_documents_reuse_unchanged_pieces(linter: Linter) -> None:
    paragraphs = [" ".join(SENTENCES[(i * 5) % 16:(i * 5) % 16 + 3]) for i in range(160)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 20_000
    cache = LinterCache(linter)
    check_document(linter, text, "markdown", cache=cache)
    edited = text[:300] + " really" + text[300:]
    assert pieces(edited)[1:] and [edited[a:b] for a, b in pieces(edited)][1:] == [text[a:b] for a, b in pieces(text)][1:]
    before = cache.blocks.analyzer.analysed
    incremental = check_document(linter, edited, "markdown", cache=cache)
    assert cache.blocks.analyzer.analysed - before <= 2  # the edited block, as above
    assert same(incremental, check_document(linter, edited, "markdown", cache=LinterCache(linter)))


def test_joined_blocks_hold_what_spacy_joins_from_the_blocks(linter: Linter) -> None:
    """The annotations copied from cached blocks into the post's Doc are, column for column,
    what spaCy's own ``Doc.from_docs`` makes of the blocks analysed alone."""
    from spacy.tokens import Doc

    from authlint.engine.blocks import BlockAnalyzer

    inner = linter.engine.analyzer
    depth = inner.depth([TAGGER, LEMMA, PARSER, NER])
    text = "I am a nurse at Mercy Hospital in Boston.\n\nHuge thanks to Ana Lopez for the late nights!\n\nBuy now."
    joined = BlockAnalyzer(inner).annotate(inner.tokenize([text]), depth)[0]
    parts = [inner.annotate(inner.tokenize([text[a:b]]), depth)[0] for a, b in block_spans(text)]
    expected = Doc.from_docs(parts, ensure_whitespace=False)
    columns = ["ORTH", "SPACY", "NORM", "TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP",
               "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID", "SENT_START"]
    assert len(parts) == 3 and joined.text == expected.text == text
    assert joined.to_array(columns).tolist() == expected.to_array(columns).tolist()
    assert [(t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in joined] == [
        (t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in expected]
    assert any(t.ent_type_ for t in joined) and any(t.dep_ == "ROOT" for t in joined)


def test_learned_findings_merge_with_cached_paragraphs_as_one_check_would() -> None:
    """The learned rules run on the whole post while the paragraph rules' findings come from
    the cache; where a learned finding would yield to a paragraph finding the post is checked
    whole, so the merged report is always what every rule on the whole post reports."""
    from authlint.engine.blocks import BlockChecker

    linter = Linter({"extend-select": ["SNK190"]})
    blocks = BlockChecker(linter)
    pitches = ["Buy now!!! Only 3 spots left, link in bio. DM me to order today.",
               "Our bank has detected unusual activity. Reply with your PIN to unlock your card.",
               "Another year, another award on the shelf. Number one in sales again, nobody came close."]
    texts = ["\n\n".join([SENTENCES[i % 16], pitch, SENTENCES[(i + 5) % 16]]) for i, pitch in enumerate(pitches * 3)]
    texts += ["\n\n".join(SENTENCES[i:i + 3]) for i in range(0, 14, 2)]
    learned = 0
    for text in texts:
        report = blocks.check(text)
        assert report == blocks.check_whole(text), text
        learned += any(f.rule.endswith("190") for f in report.findings)
    assert learned and blocks.paragraphs_checked
