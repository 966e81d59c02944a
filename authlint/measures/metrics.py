"""Registered document measures for the ``metric`` detector.

Rules reference a metric by name; they cannot run their own code. Each measure returns
its value and the character spans that contributed to it, so a finding can point at the
first offending token instead of the whole post.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import regex as re_

# The plain functions behind Token._.is_emoji & co. (`t._` builds an Underscore object per
# access); they read only ``text`` and ``like_url``, which a table row has too.
from authlint.nlp.features import LEMMA, PARSER, TAGGER
from authlint.nlp.social import is_emoji, is_hashtag, is_mention, is_url
from authlint.nlp.views import Tok, doc_text, sentences, tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself", "i'm", "im", "i've", "i'd", "i'll"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves", "u", "ur", "y'all", "ya"})
# Acronyms people write in capitals without shouting.
COMMON_ACRONYMS = frozenset(
    {"AI", "API", "CEO", "CTO", "FAQ", "HR", "ID", "IT", "OK", "PR", "QA", "SEO", "SQL", "UK", "UI",
     "UX", "US", "USA", "EU", "NYC", "LA", "PDF", "CSS", "HTML", "JS", "AWS", "GPU", "CPU", "TV", "DM",
     "PM", "AM", "RSVP", "ASAP", "FYI", "B2B", "SaaS", "MVP", "NASA", "FDA", "ETA", "LLM", "CI", "CD"}
)

_WORDS_KEY = "authlint.words"
_EXCLAMATION_RUN = re_.compile(r"!(?:[\s1]*!)*")


@dataclass(frozen=True)
class MetricResult:
    value: float
    spans: tuple[tuple[int, int], ...] = ()


Metric = Callable[["Doc"], MetricResult]


def _words(doc: Doc) -> tuple[Tok, ...]:
    """The Doc's words (no punctuation, space or emoji), found once per Doc: several metric
    rules ask for them. Table rows, never Tokens: a Token in doc.user_data would make a
    reference cycle, and Docs would wait for the cyclic GC instead of being freed at once."""
    words = doc.user_data.get(_WORDS_KEY)
    if words is None:
        words = doc.user_data[_WORDS_KEY] = tuple(
            t for t in tokens(doc) if not (t.is_punct or t.is_space or is_emoji(t))
        )
    return words


def _spans(found: Iterable[Tok]) -> tuple[tuple[int, int], ...]:
    return tuple((t.idx, t.end) for t in found)


def _share(doc: Doc, vocabulary: frozenset[str]) -> MetricResult:
    words = _words(doc)
    hits = [t for t in words if t.lower in vocabulary]
    return MetricResult(len(hits) / len(words) if words else 0.0, _spans(hits))


def _count(doc: Doc, keep: Callable[[Tok], bool]) -> MetricResult:
    hits = [t for t in tokens(doc) if keep(t)]
    return MetricResult(float(len(hits)), _spans(hits))


def word_count(doc: Doc) -> MetricResult:
    return MetricResult(float(len(_words(doc))))


def first_person_singular_share(doc: Doc) -> MetricResult:
    return _share(doc, FIRST_PERSON_SINGULAR)


def second_person_share(doc: Doc) -> MetricResult:
    return _share(doc, SECOND_PERSON)


def hashtag_count(doc: Doc) -> MetricResult:
    return _count(doc, lambda t: is_hashtag(t))


def mention_count(doc: Doc) -> MetricResult:
    return _count(doc, lambda t: is_mention(t))


def url_count(doc: Doc) -> MetricResult:
    return _count(doc, lambda t: is_url(t))


def emoji_count(doc: Doc) -> MetricResult:
    return _count(doc, lambda t: is_emoji(t))


def question_count(doc: Doc) -> MetricResult:
    return _count(doc, lambda t: "?" in t.text and t.is_punct)


def repeated_url_count(doc: Doc) -> MetricResult:
    """How many links repeat one already in the post (the repeats are the spans)."""
    seen: Counter[str] = Counter()
    repeats = []
    for t in tokens(doc):
        if is_url(t):
            key = t.text.lower().rstrip("/")
            if seen[key]:
                repeats.append(t)
            seen[key] += 1
    return MetricResult(float(len(repeats)), _spans(repeats))


def exclamation_run(doc: Doc) -> MetricResult:
    """Length of the longest run of '!' ("!!!", "! ! !" and "!!1" all count)."""
    best, best_span = 0, (0, 0)
    for m in _EXCLAMATION_RUN.finditer(doc_text(doc)):
        count = m.group().count("!")
        if count > best:
            best, best_span = count, m.span()
    return MetricResult(float(best), (best_span,) if best else ())


def exclamation_density(doc: Doc) -> MetricResult:
    """Exclamation marks per sentence."""
    marks = [t for t in tokens(doc) if "!" in t.text and t.is_punct]
    count = max(1, len(sentences(doc))) if doc.has_annotation("SENT_START") else 1
    return MetricResult(sum(t.text.count("!") for t in marks) / count, _spans(marks))


def _is_shouted(t: Tok) -> bool:
    text = t.text
    return (
        len(text) >= 2
        and text.isalpha()
        and text.isupper()
        and text not in COMMON_ACRONYMS
    )


def caps_share(doc: Doc) -> MetricResult:
    """Share of words (two letters or more) written in capitals, acronyms excepted."""
    words = [t for t in _words(doc) if len(t.text) >= 2 and t.text.isalpha()]
    hits = [t for t in words if _is_shouted(t)]
    return MetricResult(len(hits) / len(words) if words else 0.0, _spans(hits))


def caps_run(doc: Doc) -> MetricResult:
    """Longest run of consecutive shouted words (punctuation between them allowed)."""
    best: list[Tok] = []
    run: list[Tok] = []
    for t in tokens(doc):
        if _is_shouted(t):
            run.append(t)
            if len(run) > len(best):
                best = list(run)
        elif not (t.is_punct or t.is_space or is_emoji(t)):
            run = []
    if not best:
        return MetricResult(0.0)
    return MetricResult(float(len(best)), ((best[0].idx, best[-1].end),))


def readability_flesch(doc: Doc) -> MetricResult:
    from authlint.measures.readability import flesch_reading_ease

    return MetricResult(flesch_reading_ease(doc_text(doc)))


def _platform_measure(name: str) -> Metric:
    """A measure against the post's platform profile (see :mod:`authlint.measures.platform`); 0 without one."""

    def measure(doc: Doc) -> MetricResult:
        from authlint.measures import platform as platforms

        value, spans = getattr(platforms, name)(doc)
        return MetricResult(value, spans)

    measure.__name__ = name
    return measure


def sentiment_contrast(doc: Doc) -> MetricResult:
    """Positive evaluations next to a negative situation (Riloff et al. 2013's sarcasm cue).

    A praise word (``positive`` in the sentiment lexicon; an adjective, verb, interjection,
    adverb or noun when the tagger ran) counts when it is not negated ("not great", "would
    love"), its sentence is not a concession ("..., but ..."), and a ``negative_situation`` word
    sits in the same sentence, or in a neighbouring one when the praise is a short exclamation
    ("Stuck in traffic. Awesome."). The spans are the praise words.
    """
    from authlint.support.wordlists import lexicon

    words = lexicon("sentiment")
    positive, negative = words["positive"], words["negative_situation"]
    negators, concessive = words["negators"], words["concessive"]
    benign = words["benign_compounds"]  # two-word entries, read as "<word> <next word>"
    tagged = doc.has_annotation("POS")
    parsed = doc.has_annotation("DEP")
    runs = sentences(doc) if doc.has_annotation("SENT_START") else (tokens(doc),)
    table = tokens(doc)

    def word(t: Tok) -> str:
        return t.lower.lstrip("#")  # "#boring" counts as "boring"

    def lemma(t: Tok) -> str:
        return doc[t.i].lemma_.lower() if tagged else ""  # no lemmas without the tagger

    def misery(t: Tok) -> bool:
        """A bad situation, unless the word opens a compound that names something else ("a
        cold beer", "a crash course": the next word says so)."""
        if word(t) not in negative and lemma(t) not in negative:
            return False
        after = table[t.i + 1].lower if t.i + 1 < len(table) else ""
        return f"{word(t)} {after}" not in benign

    bad = [any(misery(t) for t in s) for s in runs]
    hits: list[Tok] = []
    for i, sent in enumerate(runs):
        if _concessive(sent, concessive):
            continue
        short = _short(sent)
        if not _near_misery(bad, i, short):
            continue
        for t in sent:
            if word(t) not in positive and not (tagged and lemma(t) in positive):
                continue
            if tagged and doc[t.i].pos_ not in {"ADJ", "VERB", "INTJ", "ADV", "NOUN", "PROPN"}:
                continue
            if _negated(table, sent, t, negators):
                continue
            if parsed and bad[i] and not (short and any(bad[max(0, i - 1):i] + bad[i + 1:i + 2])):
                situations = [doc[u.i] for u in sent if misery(u)]
                if not any(_about(doc[t.i], n) for n in situations):
                    continue  # praise and misery in one sentence, but the praise is not about it
            hits.append(t)
    return MetricResult(float(len(hits)), _spans(hits))


# The lexical parts of sentiment_contrast, shared with the gate's test of it (_sentiment_contrast_could).
def _concessive(sent: Sequence[Tok], concessive: frozenset[str]) -> bool:
    """The sentence concedes ("..., but ..."): its praise is sincere."""
    padded = " " + " ".join(t.lower for t in sent) + " "
    return any(f" {c} " in padded for c in concessive)


def _short(sent: Sequence[Tok]) -> bool:
    """A short exclamation ("Awesome."), which may answer a bad situation in the next sentence."""
    return sum(1 for t in sent if not (t.is_punct or t.is_space)) <= 4


def _near_misery(bad: list[bool], i: int, short: bool) -> bool:
    """Sentence ``i`` has a bad situation, or is short and a neighbour has one."""
    return bad[i] or (short and any(bad[max(0, i - 1):i + 2]))


def _negated(table: Sequence[Tok], sent: Sequence[Tok], t: Tok, negators: frozenset[str]) -> bool:
    """A negator among the three words before ``t`` in its sentence ("not great", "would love")."""
    return any(b.lower in negators for b in table[max(sent[0].i, t.i - 3):t.i])


# Credit that is the point of the post, not a tag after the trophy: thanks *for* something,
# "couldn't have done it without", "credit goes to", "my team and I", "helped me", "using your
# guide" (the win credited to someone's help), lessons for the reader. A bare "thanks @coach!" or "#team" after a brag is not in this list.
_CREDIT = re_.compile(
    r"\b(?:thanks|thank\s+you|thx|grateful|thankful|kudos|shout\s?-?outs?|props|congrat(?:s|ulations))\s+"
    r"(?:so\s+much\s+|again\s+|a\s+lot\s+)?(?:to\s+)?(?:@?[\w.'’-]+\s+){1,4}?(?:for|who|whose|that|because)\b"
    r"|\b(?:couldn[’']?t|could\s+not|wouldn[’']?t|would\s+not)\s+have\s+(?:done|made|finished|got(?:ten)?|achieved|been)\b[^.!?\n]{0,30}\bwithout\b"
    r"|\b(?:thanks|thank\s+you|grateful|thankful)\s+(?:so\s+much\s+)?to\s+(?:my|our)\s+\w+"
    r"|\b(?:all\s+(?:the\s+)?)?credit\s+(?:goes\s+)?to\b|\bwithout\s+(?:my|our|the|her|his|their)\s+\w+"
    r"|\b(?:with\s+my\s+team|my\s+team\s+and\s+i|together\s+we|we\s+(?:all\s+)?(?:won|did\s+it|built|shipped|made\s+it|achieved|raised|finished|pulled))\b"
    r"|\b(?:helped|taught|supported|mentored|coached|pushed|encouraged|carried|believed\s+in)\s+me\b"
    r"|\b(?:using|following|with|thanks\s+to|because\s+of)\s+(?:your|her|his|their|@\w+['’]s)\s+(?:\w+\s+)?"
    r"(?:guides?|tutorials?|advice|help|tips?|notes|course|videos?|book|method|plan|template|checklist|recipe|support|feedback)\b"
    r"|\bproud\s+of\s+(?:you|our|her|him|them|the\s+team|everyone|every|my\s+(?:team|sister|brother|son|daughter|kids|students|colleagues|wife|husband|partner|mum|mom|dad|friends?|crew|staff))\b"
    r"|\b(?:here(?:[’']s|\s+is|\s+are)\s+what\s+i\s+learned|lessons?\s+(?:i\s+)?learned|what\s+(?:helped|worked)|if\s+you(?:[’']re|\s+are)\s+(?:also|starting|trying|thinking|new))\b",
    re_.IGNORECASE,
)


def credits_others(doc: Doc) -> MetricResult:
    """How many times the post gives credit to others or turns to what readers can use."""
    found = [m.span() for m in _CREDIT.finditer(doc_text(doc))]
    return MetricResult(float(len(found)), tuple(found))


def _clause(t: Token) -> Token:
    """The head of the clause ``t`` sits in: the sentence root or a coordinated clause."""
    while t.dep_ not in ("ROOT", "conj") and t.head.i != t.i:
        t = t.head
    return t


def _about(praise: Token, situation: Token) -> bool:
    """Whether the praise word can be about the bad situation, read from the parse rather than
    the distance: "The class was a disaster *and* I loved every minute" joins two clauses, each
    with its own subject; the praise is in one, the misery in the other, so it is sincere.
    Within one clause ("love waiting an hour", "getting sick before finals is so great") the
    praise is taken to be about the situation."""
    a, b = _clause(praise), _clause(situation)
    if a.i == b.i:
        return True
    coordinated = (a.dep_ == "conj" and a.head.i == b.i) or (b.dep_ == "conj" and b.head.i == a.i)
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in a.children) and any(c.dep_ in ("nsubj", "nsubjpass") for c in b.children)
    return not (coordinated and own_subject)


def _sentiment_contrast_needs() -> list[frozenset[str]]:
    """Words (or lemmas) a post needs for a non-zero contrast (see :class:`Measure`)."""
    from authlint.support.wordlists import lexicon

    words = lexicon("sentiment")

    def with_hashtags(group: frozenset[str]) -> frozenset[str]:
        return group | {"#" + w for w in group}  # the measure reads "#boring" as "boring"

    return [with_hashtags(words["positive"]), with_hashtags(words["negative_situation"])]


FormsOf = Callable[[str], "frozenset[str] | None"]  # lemma -> every surface form (None: unknown)


def _sentiment_contrast_could(forms_of: FormsOf) -> Callable[[Doc], bool] | None:
    """A lexical test that holds for every tokenized post whose ``sentiment_contrast`` could be
    non-zero once tagged and parsed (None when the model's lemma forms are unknown).

    It is the measure with each annotation read permissively: a word counts as praise or
    misery when its surface form could carry such a lemma, every part of speech passes, and
    the parse never rules the praise out; the sentences, concessions, negators and the short
    exclamation are lexical and read exactly. So the gate parses only posts where a praise
    word and a bad situation could meet, not every post with one of each anywhere."""
    from authlint.support.wordlists import lexicon

    words = lexicon("sentiment")
    widened = []
    for group in (words["positive"], words["negative_situation"]):
        forms = set(group)
        for word in group:
            found = forms_of(word)
            if found is None:
                return None
            forms |= found
        widened.append(frozenset(forms))
    positive, negative = widened
    negators, concessive = words["negators"], words["concessive"]

    def could(doc: Doc) -> bool:
        runs = sentences(doc) if doc.has_annotation("SENT_START") else (tokens(doc),)
        bad = [any(t.lower in negative or t.lower.lstrip("#") in negative for t in s) for s in runs]
        table = tokens(doc)
        for i, sent in enumerate(runs):
            if not _near_misery(bad, i, _short(sent)) or _concessive(sent, concessive):
                continue
            for t in sent:
                if t.lower not in positive and t.lower.lstrip("#") not in positive:
                    continue
                if not _negated(table, sent, t, negators):
                    return True
        return False

    return could


@dataclass(frozen=True)
class Measure:
    """A registered measure: the function, the annotations it reads, and the words it needs.

    ``needs`` (features of :mod:`authlint.nlp.features`) are annotations the measure reads, so
    a metric detector declares them and the gate provides them whenever it could match: a
    measure never reads annotations that merely happen to be there. ``words``, when given,
    returns groups of words (or lemmas): the measure is 0 unless the post has one of every group.
    ``could``, when given, builds from the model's lemma forms a finer lexical test: the measure
    is 0 on a tokenized post where it is false (the gate's ``shadow``).
    """

    fn: Callable[[Doc], MetricResult]
    needs: frozenset[str] = frozenset()
    words: Callable[[], list[frozenset[str]]] | None = None
    could: Callable[[FormsOf], Callable[[Doc], bool] | None] | None = None

    def __call__(self, doc: Doc) -> MetricResult:
        return self.fn(doc)


_PLAIN = {
        "word_count": word_count,
        "first_person_singular_share": first_person_singular_share,
        "second_person_share": second_person_share,
        "hashtag_count": hashtag_count,
        "mention_count": mention_count,
        "url_count": url_count,
        "repeated_url_count": repeated_url_count,
        "emoji_count": emoji_count,
        "question_count": question_count,
        "exclamation_run": exclamation_run,
        "exclamation_density": exclamation_density,
        "caps_share": caps_share,
        "caps_run": caps_run,
        "readability_flesch": readability_flesch,
        "credits_others": credits_others,
        "platform_length_excess": _platform_measure("platform_length_excess"),
        "platform_hashtag_excess": _platform_measure("platform_hashtag_excess"),
        "platform_hashtag_over_norm": _platform_measure("platform_hashtag_over_norm"),
        "platform_unclickable_links": _platform_measure("platform_unclickable_links"),
}

METRICS: Mapping[str, Measure] = MappingProxyType({
    **{name: Measure(fn) for name, fn in _PLAIN.items()},
    # Lemmas and parts of speech sharpen the contrast ("love" the verb, "loved" as "love"); the
    # parse tells praise *about* the bad situation from praise in a clause of its own.
    "sentiment_contrast": Measure(
        sentiment_contrast, frozenset({TAGGER, LEMMA, PARSER}), _sentiment_contrast_needs, _sentiment_contrast_could,
    ),
})
