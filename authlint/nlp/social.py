"""Social-media tokens as first-class tokens: #hashtags, @mentions, URLs and emoji.

spaCy's English tokenizer splits ``#launch`` into ``#`` + ``launch`` and an emoji ZWJ
sequence into its parts. :class:`SocialTokenizer` wraps the model's tokenizer and merges
those back, so every rule (and phrase pattern, which goes through the same tokenizer)
sees one token per hashtag or emoji. Token extensions expose what each token is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import regex as re_

from authlint.support.text import URL_RE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from authlint.nlp.views import Tok

# A hashtag or mention must start a word; emails and "C#" are left alone.
_TAG = r"(?<![\w@#])[#@][\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*|(?<![\w#])#\p{N}+(?![\p{L}\p{N}_])"
# One emoji "cluster" (what the ``emoji`` package, the tests' oracle, calls one emoji): a
# regional-indicator flag pair; a keycap (``1️⃣``: a digit, ``#`` or ``*``, an optional
# variation selector, U+20E3); or a base pictograph with an optional tag sequence
# (subdivision flags such as England's 🏴 + tag letters + cancel tag), skin-tone modifiers,
# variation selectors and ZWJ chains.
_EMOJI = (
    r"(?:\p{Regional_Indicator}{2})"
    r"|(?:[0-9#*]\uFE0F?\u20E3)"
    r"|(?:\p{Extended_Pictographic}(?:[\U000E0020-\U000E007E]+\U000E007F)?[\p{Emoji_Modifier}\uFE0F\u20E3]*"
    r"(?:\u200D\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]*)*)"
)
_MERGE = re_.compile(f"{_EMOJI}|{_TAG}")
_EMOJI_RE = re_.compile(f"^(?:{_EMOJI})+$")
_EMOJI_SPAN = re_.compile(_EMOJI)


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Where each emoji of ``text`` is, one span per emoji (a flag, a keycap or a ZWJ family is one)."""
    return [m.span() for m in _EMOJI_SPAN.finditer(text)] if not text.isascii() else []


def is_hashtag(token: Token | Tok) -> bool:
    text = token.text
    return len(text) > 1 and text[0] == "#" and not text[1:].isdigit()


def is_mention(token: Token | Tok) -> bool:
    text = token.text
    return len(text) > 1 and text[0] == "@"


def is_emoji(token: Token | Tok) -> bool:
    text = token.text
    return not text.isascii() and bool(_EMOJI_RE.match(text))


# File names and code identifiers that spaCy's like_url takes for domains ("main.py",
# "docs/setup.md", "config.yaml"): a link needs a scheme, "www." or a domain that is not a file.
_FILE_LIKE = re_.compile(
    r"(?i)^[\w./~-]*\.(?:py|pyc|js|mjs|cjs|ts|tsx|jsx|md|mdx|rst|txt|json|ya?ml|toml|ini|cfg|conf|lock|"
    r"sh|bash|zsh|ps1|bat|rb|go|rs|java|kt|kts|swift|c|h|cc|cpp|hpp|cs|php|pl|lua|sql|csv|tsv|xml|html?|css|scss|"
    r"log|env|gradle|sbt|ipynb|r|jl|dart|vue|svelte|pdf|png|jpe?g|gif|svg|zip|gz|tar|exe|dll|so|o|a|wasm)$"
)


def is_url(token: Token | Tok) -> bool:
    text = token.text
    if URL_RE.match(text):
        return True
    return bool(token.like_url) and not _FILE_LIKE.match(text)


_EXTENSIONS = {
    "is_hashtag": is_hashtag,
    "is_mention": is_mention,
    "is_emoji": is_emoji,
    "is_url": is_url,
}


def register_extensions() -> None:
    """Register ``Token._.is_hashtag`` & co. (idempotent; spaCy keeps these per class)."""
    from spacy.tokens import Token

    for name, getter in _EXTENSIONS.items():
        if not Token.has_extension(name):
            Token.set_extension(name, getter=getter)


class SocialTokenizer:
    """Wraps a spaCy tokenizer and merges hashtags, mentions and emoji clusters."""

    def __init__(self, tokenizer: Any) -> None:
        self.inner = tokenizer

    def __call__(self, text: str) -> Doc:
        from authlint.nlp.long_runs import tokenize  # linear time on runs of punctuation or emoji

        # spaCy's tokenizer takes an exact str; a Prose (a str that knows its URLs) is one too.
        doc = tokenize(self.inner, text if type(text) is str else str(text))
        return merge_social_tokens(doc, text)

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    # spaCy serialises the tokenizer with the pipeline; delegate so nlp.to_disk still works.
    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.inner.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> SocialTokenizer:
        self.inner.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        self.inner.to_disk(path, **kwargs)

    def from_disk(self, path: Any, **kwargs: Any) -> SocialTokenizer:
        self.inner.from_disk(path, **kwargs)
        return self


#: More merges than this rebuild the Doc instead: spaCy's retokenizer checks each merge against
#: every earlier one (quadratic: 10,000 emoji ZWJ families took 5.4 s of a 30 KB post's 11.6 s).
MAX_RETOKENIZER_MERGES = 256


def merge_social_tokens(doc: Doc, text: str | None = None) -> Doc:
    """Merge each hashtag, mention or emoji cluster that spans several tokens into one (in
    place, or in a rebuilt Doc when there are very many): the Doc to use from now on.
    ``text``: ``doc.text`` when the caller has it (spaCy rebuilds it from the tokens)."""
    text = doc.text if text is None else text
    if "#" not in text and "@" not in text and text.isascii():
        return doc
    spans = []
    for m in _MERGE.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="strict")
        if span is not None and len(span) > 1:
            spans.append(span)
    if len(spans) > MAX_RETOKENIZER_MERGES:
        return _rebuilt(doc, spans)
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


def _rebuilt(doc: Doc, spans: list[Any]) -> Doc:
    """A fresh tokenized Doc with each of ``spans`` (in order, not overlapping) as one token, in
    linear time; tokens outside them keep their text, whitespace and tokenizer norm ("n't" -> "not")."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    norms: dict[int, str] = {}

    def keep(start: int, end: int) -> None:
        for token in doc[start:end]:
            if token.norm != token.lex.norm:
                norms[len(words)] = token.norm_
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    position = 0
    for span in spans:
        keep(position, span.start)
        words.append(span.text)
        spaces.append(bool(span[-1].whitespace_))
        position = span.end
    keep(position, len(doc))
    rebuilt = Doc(doc.vocab, words=words, spaces=spaces)
    for i, norm in norms.items():
        rebuilt[i].norm_ = norm
    if rebuilt.text != doc.text:  # cannot happen: the words and spaces are the doc's
        raise ValueError("merging social tokens changed the text")
    return rebuilt
