"""Extract the prose of a post from Markdown or plain text, keeping every offset unchanged.

Rules should judge what readers read, not markup: front matter, code blocks (fenced, also
in lists and blockquotes, and indented: found by markdown-it-py's block parser, see
:mod:`authlint.io.markdown_blocks`), inline code (also over line breaks), ``<script>`` and
``<style>`` contents, HTML tags and comments, link targets and suppression directives are *masked*: each of their
characters becomes a space (line breaks are kept), so the prose has exactly the length and
line structure of the original and a finding's offsets, line and column are the original's.

URLs are markup too, but rules that count links must still see them, so each URL is replaced
by a *stub* of the same length that still looks like a URL (``https://x3fa9…``): one token,
``is_url`` true, the same stub for the same URL (so repeated links stay repeated), and
nothing inside it for a phrase or regex rule to match. :meth:`Source.restore` puts the real
URLs back into messages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Self

import regex as re_

from authlint.errors import InputError
from authlint.io.directives import COMMENT_DIRECTIVE, PLAIN_DIRECTIVE
from authlint.io.markdown_blocks import code_block_spans, may_have_blocks
from authlint.settings.profile import DisplayName
from authlint.support.nesting import TooDeepError, loads_toml
from authlint.support.text import URL_RE
from authlint.support.yamlio import YamlProblem, load_user_yaml

Kind = Literal["markdown", "mdx", "text"]
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdx"})

_FRONT_MATTER = re_.compile(
    r"\A(?P<open>---|\+\+\+)[ \t]*(?:\r\n|\r|\n)(?P<body>.*?)(?:\r\n|\r|\n)(?P<close>---|\.\.\.|\+\+\+)[ \t]*(?=\r\n|\r|\n|\Z)",
    re_.DOTALL,
)
_HTML_COMMENT = re_.compile(r"<!--.*?(?:-->|\Z)", re_.DOTALL)
_HTML_TAG = re_.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>")
_AUTOLINK = re_.compile(r"<(?P<url>(?:https?://|www\.)[^\s<>]+)>")
# A code span may continue over line breaks, not over a blank line (that ends its paragraph).
_INLINE_CODE = re_.compile(
    r"(?<!`)(?P<ticks>`+)(?!`)(?:[^\r\n]|(?:\r\n|\r|\n)(?![ \t]*(?:\r\n|\r|\n|\Z)))+?(?<!`)(?P=ticks)(?!`)"
)
# <script>/<style> inside a line (blocks of them are the parser's): the content is code, not prose.
_SCRIPT_STYLE = re_.compile(r"<(?P<tag>script|style)\b[^>]*>.*?(?:</(?P=tag)\s*>|\Z)", re_.DOTALL | re_.IGNORECASE)
_IMAGE = re_.compile(r"!\[[^\]\r\n]*\]\([^)\r\n]*\)")
# [text](target "title") -- the text is prose, the rest markup; nested brackets are rare in posts.
_LINK = re_.compile(r"\[(?P<text>[^\[\]\r\n]*)\]\((?P<target>[^)\s]*)(?:\s+[\"'(][^)\r\n]*)?\)")
_REF_LINK = re_.compile(r"\[(?P<text>[^\[\]\r\n]+)\]\[(?P<id>[^\[\]\r\n]*)\]")
# MDX: an ESM block starts a line with import/export and runs to the next blank line.
_MDX_ESM = re_.compile(r"^(?:import|export)\b[^\n]*(?:\r?\n[ \t]*\S[^\n]*)*", re_.MULTILINE)
# MDX: a JavaScript expression in braces (one level of nesting, no line breaks).
_MDX_EXPRESSION = re_.compile(r"\{(?:[^{}\r\n]|\{[^{}\r\n]*\})*\}")
_REF_DEF = re_.compile(r"^ {0,3}\[[^\]\r\n]+\]:[ \t]+\S+.*$", re_.MULTILINE)


class Prose(str):
    """The prose of a post (a plain ``str``: URLs stubbed, markup masked) that also knows the
    real URL behind each stub, so URL-aware detectors (affiliate links) can look at the link
    itself while every other rule still sees nothing inside it. ``Linter.check_many`` reads
    :attr:`urls` from the texts it is given; a plain ``str`` simply has none."""

    urls: Mapping[str, str]

    def __new__(cls, text: str, urls: Mapping[str, str] | None = None) -> Self:
        prose = super().__new__(cls, text)
        prose.urls = dict(urls or {})
        return prose

    def __reduce__(self) -> tuple[type[Prose], tuple[str, dict[str, str]]]:
        # Posts cross to worker processes (authlint.engine.pool): keep the URLs on the way.
        return (Prose, (str(self), dict(self.urls)))


@dataclass(frozen=True)
class Source:
    """One post: the original text, the prose rules see, and what the front matter says."""

    text: str
    """The original text, exactly as read."""
    prose: str
    """Same length and line breaks as ``text``; markup masked, URLs stubbed (a :class:`Prose`
    carrying the stubs' real URLs when :func:`extract` made it)."""
    kind: Kind = "text"
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    urls: Mapping[str, str] = field(default_factory=dict)
    """Stub -> original URL."""

    @property
    def platform(self) -> str | None:
        """The front matter's ``platform`` when it is a string (never a stringified structure:
        an aliased one can be huge)."""
        value = self.front_matter.get("platform")
        if not isinstance(value, str):
            return None
        return value.strip().lower() or None

    @property
    def author(self) -> Any:
        """``authlint-author:`` (a profile key, explicitly) or else ``author:`` (a key, a
        profile mapping, or a Hugo/Jekyll display name: see ``Linter.author_profile``)."""
        explicit = self.front_matter.get("authlint-author")
        if explicit is not None:
            return explicit
        value = self.front_matter.get("author")
        return DisplayName(value) if isinstance(value, str) else value

    def restore(self, message: str) -> str:
        """Put original URLs back where a stub was copied into a message."""
        for stub, url in self.urls.items():
            if stub in message:
                message = message.replace(stub, url)
        return message


def kind_for(name: str | None, default: Kind = "text") -> Kind:
    """MDX for ``.mdx``, Markdown for ``.md``/``.markdown`` names, ``default`` otherwise."""
    if name is None:
        return default
    lowered = name.lower()
    if lowered.endswith(".mdx"):
        return "mdx"
    return "markdown" if any(lowered.endswith(s) for s in MARKDOWN_SUFFIXES) else default


class _Mask:
    """A mutable copy of the text where spans are blanked or replaced, length-preserving.

    The copy is made on the first change: most posts have no markup at all."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.chars: list[str] | None = None
        self.hidden = b""  # 1 where already masked (a bytearray once something is)

    def _copy(self) -> list[str]:
        if self.chars is None:
            self.chars = list(self.text)
            self.hidden = bytearray(len(self.text))
        return self.chars

    def blank(self, start: int, end: int) -> None:
        chars, hidden = self._copy(), self.hidden
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
            hidden[i] = 1

    def replace(self, start: int, replacement: str) -> None:
        chars, hidden = self._copy(), self.hidden
        for i, ch in enumerate(replacement, start):
            chars[i] = ch
            hidden[i] = 1

    def free(self, start: int, end: int) -> bool:
        return not any(self.hidden[start:end])

    def __str__(self) -> str:
        return self.text if self.chars is None else "".join(self.chars)


def extract(text: str, kind: Kind = "text") -> Source:
    """Mask the markup of ``text`` (Markdown or plain text) and parse its front matter."""
    mask = _Mask(text)
    front: dict[str, Any] = {}
    fm = _FRONT_MATTER.match(text)
    if fm:
        front = _parse_front_matter(fm.group("body"), toml=fm.group("open") == "+++")
        mask.blank(0, fm.end())
    markdown = kind in ("markdown", "mdx")
    # Each pass first checks for a literal its pattern cannot match without (most posts have
    # no markup): ~3x faster on the benchmark's posts, same masks.
    for m in _HTML_COMMENT.finditer(text) if "<!--" in text else ():
        if (markdown or COMMENT_DIRECTIVE.fullmatch(m.group())) and mask.free(m.start(), m.end()):
            mask.blank(m.start(), m.end())
    for m in PLAIN_DIRECTIVE.finditer(text) if "authlint-" in text else ():
        mask.blank(m.start(), m.end())
    if markdown:
        _mask_markdown(text, mask, indented_code=kind != "mdx")
    if kind == "mdx":
        _mask_mdx(text, mask)
    urls = _stub_urls(text, mask)
    return Source(text=text, prose=Prose(str(mask), urls), kind=kind, front_matter=front, urls=urls)


def _parse_front_matter(body: str, *, toml: bool) -> dict[str, Any]:
    """The front matter's mapping; any problem (syntax, a value PyYAML rejects, nesting, an
    alias bomb) is one :class:`InputError` for this post only."""
    import tomllib

    if toml:
        try:
            data = loads_toml(body)
        except (tomllib.TOMLDecodeError, TooDeepError) as exc:
            raise InputError(f"front matter is not valid TOML: {' '.join(str(exc).split())}") from None
    else:
        try:
            data = load_user_yaml(body, fast=True)  # libyaml: 10,000 posts' front matter add up
        except YamlProblem as exc:
            where = f" at line {exc.line + 1}" if exc.line is not None else ""  # + 1: the opening ---
            raise InputError(f"front matter is not valid YAML{where}: {exc.problem}") from None
    if not isinstance(data, dict):
        return {}
    for key in ("platform", "authlint-author"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(f"front matter: '{key}' must be a string, got {type(data[key]).__name__}")
    return data


def _blank_matches(pattern: re_.Pattern[str], text: str, mask: _Mask, needs: str, *, head: bool = False) -> None:
    """Blank every match of ``pattern`` that nothing blanked yet: all of it must be free, or
    with ``head`` only its first character (blocks that may contain masked code). ``needs``:
    a literal every match contains."""
    if needs not in text:
        return
    for m in pattern.finditer(text):
        if mask.free(m.start(), m.start() + 1 if head else m.end()):
            mask.blank(m.start(), m.end())


def _mask_markdown(text: str, mask: _Mask, *, indented_code: bool = True) -> None:
    _mask_blocks(text, mask, indented_code=indented_code)
    _blank_matches(_REF_DEF, text, mask, "]:", head=True)
    _blank_matches(_INLINE_CODE, text, mask, "`")
    if "<" in text:
        _blank_matches(_SCRIPT_STYLE, text, mask, "<", head=True)
    _blank_matches(_IMAGE, text, mask, "![")
    for m in _AUTOLINK.finditer(text) if "<" in text else ():
        if mask.free(m.start(), m.end()):
            mask.blank(m.start(), m.start() + 1)
            mask.blank(m.end() - 1, m.end())
    _blank_matches(_HTML_TAG, text, mask, "<")
    for m in _LINK.finditer(text) if "](" in text else ():
        if not mask.free(m.start(), m.end()):
            continue
        mask.blank(m.start(), m.start() + 1)  # [
        t_start, t_end = m.span("target")
        mask.blank(m.end("text"), t_start)  # ](
        if not URL_RE.fullmatch(m.group("target")):
            mask.blank(t_start, t_end)  # relative links and anchors are not links a reader counts
        mask.blank(t_end, m.end())  # title and )
    for m in _REF_LINK.finditer(text) if "][" in text else ():
        if mask.free(m.start(), m.end()):
            mask.blank(m.start(), m.start() + 1)
            mask.blank(m.end("text"), m.end())


def _mask_mdx(text: str, mask: _Mask) -> None:
    """MDX code outside fences: ESM blocks (``import``/``export`` up to the next blank line)
    and ``{expressions}``. Runs after the Markdown pass, so code in fences stays masked once."""
    _blank_matches(_MDX_ESM, text, mask, "port", head=True)
    _blank_matches(_MDX_EXPRESSION, text, mask, "{")


def _mask_blocks(text: str, mask: _Mask, *, indented_code: bool) -> None:
    """Blank code blocks (fenced, also inside lists and blockquotes; indented; unclosed) and
    script/style/comment HTML blocks, whole lines, where markdown-it-py's block parser finds
    them (:mod:`authlint.io.markdown_blocks`). It parses the text as masked so far, so front
    matter never reads as Markdown."""
    if not may_have_blocks(text):
        return
    for start, end in code_block_spans(str(mask), indented_code=indented_code):
        mask.blank(start, end)


def _stub_urls(text: str, mask: _Mask) -> dict[str, str]:
    stubs: dict[str, str] = {}
    if "://" not in text and "www." not in text.lower():
        return stubs
    for m in URL_RE.finditer(text):
        start, end = m.span()
        if not mask.free(start, end):
            continue
        stub = url_stub(m.group())
        mask.replace(start, stub)
        stubs[stub] = m.group()
    return stubs


def url_stub(url: str) -> str:
    """A same-length stand-in for ``url`` that still reads as a URL and nothing else."""
    lowered = url.lower()
    prefix = next((p for p in ("https://", "http://", "www.") if lowered.startswith(p)), "www.")
    digest = hashlib.sha256(lowered.rstrip("/").encode("utf-8")).hexdigest()
    body = ("x" + digest * (len(url) // 64 + 1))[: len(url) - len(prefix)]
    return prefix + body
