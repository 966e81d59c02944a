"""One loader for every word list: only strings, and a non-string is a one-line error with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from authlint import Linter
from authlint.support.data import data_path
from authlint.support.wordlists import WordListError, load_word_data


@pytest.mark.parametrize("item,kind", [("no", "bool"), ("yes", "bool"), ("off", "bool"), ("3", "int"), ("1.5", "float"), ("~", "null")])
def test_a_scalar_that_is_not_a_string_is_an_error_naming_file_and_line(tmp_path: Path, item: str, kind: str) -> None:
    path = tmp_path / "words.yaml"
    path.write_text(f"# comment\nnegators:\n  - not\n  - {item}\n", encoding="utf-8")
    with pytest.raises(WordListError) as err:
        load_word_data(path)
    message = str(err.value)
    assert message == f"{path}:4: {item!r} in list 'negators' is read as {kind}, not a word; quote it"
    assert "\n" not in message


def test_quoted_words_and_numeric_lists_load(tmp_path: Path) -> None:
    path = tmp_path / "words.yaml"
    path.write_text('negators: [not, "no"]\nages: [13, 120]\n', encoding="utf-8")
    assert load_word_data(path, numeric={"ages"}) == {"negators": ["not", "no"], "ages": [13, 120]}


def test_every_packaged_word_list_loads() -> None:
    for path in [*data_path("lexicons").glob("*.yaml"), data_path("stopwords.yaml"), data_path("synonyms.yaml")]:
        assert load_word_data(path) is not None, path
    assert load_word_data(data_path("claims.yaml"), numeric={"age_range"}) is not None


def test_no_is_a_negator_like_not(linter: Linter) -> None:
    """Before the loader checked types, YAML's bare ``no`` became False and "No fun..." was sarcasm."""
    no, nope = (linter.check(t) for t in ("No fun being stuck in traffic.", "Not fun being stuck in traffic."))
    assert [f.rule for f in no.findings if f.rule == "SNK104"] == [f.rule for f in nope.findings if f.rule == "SNK104"] == []
