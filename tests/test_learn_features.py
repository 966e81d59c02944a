"""authlint.detectors.learned.features: what a post's sparse features are, and that they are stable."""

from __future__ import annotations

import math

from authlint.detectors.learned.features import (
    bucket_of,
    extract,
    feature_names,
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
