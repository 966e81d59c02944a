"""The "is this English?" guard: foreign posts get a notice instead of nonsense findings."""

from __future__ import annotations

import pytest
import yaml

from authlint import Linter
from authlint.nlp.language import DATA_FILE, LanguageDetector
from authlint.severity import Severity
from authlint.support.wordlists import WordListError


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector.from_file()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hoy lanzamos nuestra nueva aplicación. Gracias a todo el equipo por el trabajo de este año.", "Spanish"),
        ("Nous sommes très heureux de vous présenter notre nouveau produit, merci à toute l'équipe.", "French"),
        ("Heute ist ein großer Tag für unser Team: wir haben die neue Version veröffentlicht. Danke!", "German"),
        ("Hoje lançamos o nosso novo aplicativo. Obrigado a toda a equipe pelo trabalho.", "Portuguese"),
        ("Oggi lanciamo la nostra nuova app. Grazie a tutto il team per il lavoro di questo anno.", "Italian"),
        ("Vandaag lanceren we onze nieuwe app. Bedankt aan het hele team voor het werk.", "Dutch"),
        ("Сегодня мы запускаем новое приложение. Спасибо всей команде!", "Cyrillic script"),
        ("今天我们发布了新的应用程序，感谢整个团队的辛勤工作！", "Chinese/Japanese (CJK) script"),
        ("오늘 새로운 앱을 출시했습니다. 팀 모두에게 감사드립니다!", "Korean (Hangul) script"),
        ("اليوم نطلق تطبيقنا الجديد. شكرا لكل الفريق", "Arabic script"),
    ],
)
def test_foreign_posts_are_recognised(detector: LanguageDetector, text: str, language: str) -> None:
    guess = detector.guess(text)
    assert not guess.english
    assert guess.language == language


@pytest.mark.parametrize(
    "text",
    [
        "New release: faster builds, better caching, smaller images, cleaner logs.",  # no function words
        "Buy now!!! Link in bio.",
        "Thanks to everyone who came out to the meetup last night, it was great to see you all.",
        "Big news: launching Tuesday! #lanzamiento #nouveauté @equipo_de_ventas https://example.es/el/la/los/del",
        "Happy new year 新年快乐 to all our friends and family",
        "Café con leche and a croissant, then off to the Museo del Prado with the kids.",
        "P E A C E & L O V E ! ! o e y",  # single letters do not vote
        "0x908eE80Ee6e2455fBc2916151c2Bd35DA445E4f2 send it here",  # codes are not words
        "Hola amigos, que tal",  # too short to judge
        "",
        "🎉🎉🎉 👩‍👩‍👧‍👦",
    ],
)
def test_english_and_undecidable_posts_count_as_english(detector: LanguageDetector, text: str) -> None:
    assert detector.guess(text).english


def test_data_file_lists_are_lowercase_and_english_free() -> None:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    english = set(data["english"])
    assert all(w == w.lower() for w in english)
    for name, words in data["other"].items():
        assert len(words) >= 30, name
        assert all(w == w.lower() for w in words), name
        clashes = {w for w in words if w in english}
        assert not clashes, f"{name} shares everyday English words: {sorted(clashes)}"


def test_linter_skips_rules_for_a_foreign_post_with_an_info_notice(linter: Linter) -> None:
    # "Compra ahora" is a hard sell in Spanish; English rules must not fire on the Spanish words.
    text = "¡Compra ahora! Es el mejor producto del año y la oferta es solo por hoy, no te lo pierdas."
    report = linter.check(text)
    assert report.findings == []
    assert report.score == 100
    [notice] = report.notices
    assert notice.kind == "language"
    assert notice.severity == Severity.INFO
    assert notice.message == (
        "post looks like Spanish, not English; authlint checks English only, so no rules ran"
    )


def test_english_posts_in_the_same_batch_are_still_checked(linter: Linter) -> None:
    texts = [
        "Buy now!!! Link in bio.",
        "Heute ist ein großer Tag für unser Team: wir haben die neue Version veröffentlicht. Danke!",
        "Buy now!!! Link in bio.",
    ]
    reports = list(linter.check_many(texts))
    assert [bool(r.findings) for r in reports] == [True, False, True]
    assert [len(r.notices) for r in reports] == [0, 1, 0]
    assert reports[0] == reports[2]


def test_unquoted_yaml_boolean_in_the_word_lists_is_rejected(tmp_path) -> None:
    data = tmp_path / "stopwords.yaml"
    data.write_text("english: [the, no]\nother: {Spanish: [el]}\n", encoding="utf-8")
    with pytest.raises(WordListError, match=r"stopwords\.yaml:1: 'no' in list 'english' is read as bool, not a word; quote it"):
        LanguageDetector.from_file(data)


def test_language_check_can_be_switched_off() -> None:
    # PRO105 (shouting) wants a sales cue it can read: the English tail gives it one.
    text = "¡Compra ahora! Es el mejor producto del año y la oferta es solo por hoy, no te lo pierdas. Shop now, limited offer."
    assert Linter({"select": ["PRO105"]}).check(text.upper()).findings == []  # skipped as Spanish
    report = Linter({"check-language": False, "select": ["PRO105"]}).check(text.upper())
    assert report.notices == []
    assert [f.rule for f in report.findings] == ["PRO105"]


def _reference_guess(detector: LanguageDetector, text: str) -> tuple[bool, str | None]:
    """The guess with no shortcut: blank the noise, count every letter and Latin letter, keep
    every Latin word (what :meth:`LanguageDetector.guess` must equal)."""
    from authlint.nlp import language as lang

    prose = lang._NOISE.sub(" ", text)
    letters = lang._LETTER.findall(prose)
    if len(letters) >= lang.MIN_LETTERS and len(lang._LATIN.findall(prose)) * 2 < len(letters):
        return False, f"{lang._main_script(letters)} script"
    words = [w for w in (w.replace("’", "'").lower() for w in lang._WORD.findall(prose)) if lang._LATIN.match(w)]
    if len(words) < lang.MIN_WORDS:
        return True, None
    english_hits = sum(w in detector._english for w in words)
    long_words = [w for w in words if len(w) > 1]
    name, hits = max(((n, sum(w in vocab for w in long_words)) for n, vocab in detector._other.items()), key=lambda p: p[1])
    if hits >= lang.MIN_FOREIGN_HITS and hits >= lang.FOREIGN_RATIO * max(english_hits, 1):
        return False, name
    if len(long_words) >= lang.MODEL_MIN_WORDS and english_hits < lang.SUSPICIOUS_ENGLISH_SHARE * len(words):
        guess = detector._ask_model(prose)
        return guess.english, guess.language
    return True, None


def test_shortcuts_give_the_full_counts_verdict(detector: LanguageDetector) -> None:
    """ASCII posts skip the script count, posts without a non-Latin letter skip it too, and
    posts without '@', '#', '://' or 'www.' skip the noise pass: the verdicts stay the same."""
    import random

    rng = random.Random(7)
    alphabet = "abcXYZ éüñ ΩπЖжд中文かなカナ한글 عربي @#:/.wW 🙏👩🏽‍💻 0123 ’' Ⅻ ª"
    pieces = ["the", "and", "que", "der", "und", "les", "www.", "https://x.y/z", "#tag", "@who", "la", "de", "ist", "не"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90))) for _ in range(3000)]
    texts += [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    guesses = [detector.guess(t) for t in texts]
    assert [(g.english, g.language) for g in guesses] == [_reference_guess(detector, t) for t in texts]
    assert sum(not g.english for g in guesses) > 500  # both verdicts were exercised
