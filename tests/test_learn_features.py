"""authlint.detectors.learned.features: what a post's sparse features are, and that they are stable."""

from __future__ import annotations

import math

from authlint.detectors.learned.features import (
    Columns,
    bucket_of,
    extract,
    feature_names,
    groups,
    names_of,
    tokenize,
    vectorize,
)


def test_social_tokens_are_single_tokens() -> None:
    toks = tokenize("Thanks @lina_dev! #launch day 🙄 see https://example.com/x.")
    kinds = {t.text: t.kind for t in toks}
    assert kinds["@lina_dev"] == "tag"
    assert kinds["#launch"] == "tag"
    assert kinds["🙄"] == "emoji"
    assert kinds["https://example.com/x"] == "url"


def test_feature_families() -> None:
    names = feature_names('Oh sure, OBVIOUSLY the "experts" know best 🙄 @bob #fail https://x.io !!! /s')
    assert {"w:obviously", "b:oh sure", "s:emoji", "s:emoji:🙄", "s:mention", "s:hashtag", "s:url",
            "p:caps", "p:quoted", "p:!+", "p:/s"} <= names
    assert "c: obv" in names and "c:ously" in names  # character n-grams with word boundaries
    assert any(n.startswith("d:len:") for n in names)


def test_sentiment_contrast_is_one_sentence() -> None:
    assert "l:contrast" in feature_names("I love waiting an hour in traffic")
    # praise and a bad situation in different sentences are no contrast
    assert "l:contrast" not in feature_names("I love my team. Traffic was bad.")
    assert "l:positive" not in feature_names("This is not great")  # a negator cancels praise


def test_places_point_at_the_text() -> None:
    text = "Big news: obviously the best launch ever 🙄"
    for f in extract(text):
        if f.end > f.start and f.name.startswith("w:"):
            assert f.name == "w:" + text[f.start:f.end].lower()
        if f.name.startswith("b:"):
            assert text[f.start:f.end].lower().startswith(f.name[2:].split()[0])


def test_buckets_are_stable_and_vectors_normalised() -> None:
    assert bucket_of("w:obviously", 1 << 18) == bucket_of("w:obviously", 1 << 18)
    cols, values = vectorize(feature_names("Buy now, link in bio"), 1 << 18)
    assert cols == sorted(cols) and len(cols) == len(set(cols))
    assert math.isclose(sum(v * v for v in values), 1.0, rel_tol=1e-9)
    assert vectorize([], 16) == ([], [])


def test_crc32_bucket_is_machine_independent() -> None:
    import zlib

    assert bucket_of("w:buy", 1000) == zlib.crc32(b"w:buy") % 1000


def _reference_vector(names: set[str], buckets: int) -> tuple[list[int], list[float]]:
    """Presence per distinct name, summed per bucket, L2-normalised: the definition."""
    counts: dict[int, float] = {}
    for name in names:
        counts[bucket_of(name, buckets)] = counts.get(bucket_of(name, buckets), 0.0) + 1.0
    norm = sum(v * v for v in counts.values()) ** 0.5
    return sorted(counts), [counts[c] / norm for c in sorted(counts)]


def test_memoised_columns_give_the_defined_vector_also_when_names_collide() -> None:
    texts = ["Buy now, link in bio", "Oh sure, OBVIOUSLY the best 🙄 @bob #fail", "Buy now, link in bio!!"]
    for buckets in (1 << 18, 7):  # 7 buckets: nearly every name shares a column with another
        columns = Columns(buckets, limit=20)  # small limit: the memo is cleared along the way
        for text in texts * 2:
            names = feature_names(text)
            assert vectorize(names, buckets, columns) == _reference_vector(names, buckets)
            assert vectorize(names, buckets) == _reference_vector(names, buckets)


def test_groups_carry_every_feature_once_per_place() -> None:
    text = "Great, great launch 🙄"
    found = groups(text)
    assert names_of(found) == feature_names(text)
    assert sum(len(names) for names, _, _ in found) == len(extract(text))


def test_features_see_the_same_words_as_the_full_tokenizer() -> None:
    """Scoring scans for words without the punctuation alternative; the words must be the
    non-punctuation tokens of :func:`tokenize`, also next to marks, tags and emoji."""
    for text in ["@@bob ##tag ..!! 🙄🙄 👍🏽 https://x.io/a?b=c @x#y a@b.com #1 don’t", "¡Hola! ¿Qué tal?—bien…",
                 "Oh sure, OBVIOUSLY the \"experts\" know best 🙄 @bob #fail https://x.io !!! /s"]:
        words = [(t.start, t.end) for t in tokenize(text) if t.kind != "punct"]
        places = [(start, end) for names, start, end in groups(text)
                  if names[0].startswith(("w:", "s:url", "s:emoji"))]
        assert places[:len(words)] == words
