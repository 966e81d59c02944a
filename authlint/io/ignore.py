"""gitignore-style patterns: ``.gitignore`` files and a config's ``exclude`` list, compiled
once and asked whether they ignore a path (the last pattern that speaks about it wins)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import regex as re_

from authlint.errors import ConfigError


@dataclass(frozen=True)
class _Pattern:
    regex: re_.Pattern[str]
    negate: bool


class PatternError(ValueError):
    """A gitignore-style pattern that cannot be compiled (the message names the pattern)."""


#: Characters that make a pattern worth pathspec's full gitignore translation (escapes, sets,
#: ``**``). Plain patterns (``*.pyc``, ``build/``) are translated here, so a cached run over a
#: repository with an ordinary ``.gitignore`` does not import pathspec (~0.2 s).
_TRICKY = re_.compile(r"[\\\[]|\*\*")
_POSIX_CLASS = re_.compile(r"\[:[a-z]+:\]")


def translate_glob(glob: str) -> str:
    """A plain glob (``*``, ``?``, ``**``, ``[...]``) as a regex over ``/``-separated paths."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and "]" in glob[i + 1:]:
            j = glob.index("]", i + 1)
            body = glob[i + 1:j].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = j + 1
        else:
            out.append(re_.escape(glob[i]))
            i += 1
    return "".join(out)


def _plain_pattern(line: str) -> _Pattern:
    negate = line.startswith("!")
    line = line[1:] if negate else line
    line = line.rstrip(" ")
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    anchored = "/" in line
    body = translate_glob(line.lstrip("/"))
    tail = "/" if dir_only else "(?:/|$)"
    return _Pattern(re_.compile(("^" if anchored else "^(?:.+/)?") + body + tail), negate)


def _pathspec_pattern(line: str) -> _Pattern | None:
    import warnings

    from pathspec import GitIgnoreSpec

    if _POSIX_CLASS.search(line):
        raise PatternError("character classes such as [:alpha:] are not supported")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "possible nested set": the pattern is still compiled
        (pattern,) = GitIgnoreSpec.from_lines([line]).patterns
    if pattern.include is None or pattern.regex is None:
        return None
    regex = pattern.regex.pattern if hasattr(pattern.regex, "pattern") else str(pattern.regex)
    return _Pattern(re_.compile(regex), not pattern.include)


def compile_patterns(lines: Iterable[str], where: str = "exclude") -> list[_Pattern]:
    """gitignore syntax, as git reads it (pathspec's ``GitIgnoreSpec`` translates escapes,
    sets and ``**``); ``!`` negates, a trailing ``/`` means folders only, a ``/`` anchors.
    A pattern that cannot be compiled raises :class:`PatternError` naming ``where`` and its line."""
    patterns = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        try:
            pattern = _pathspec_pattern(line) if _TRICKY.search(line) else _plain_pattern(line)
        except Exception as exc:  # noqa: BLE001 - pathspec and re raise several types for one problem
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise PatternError(f"{where}:{number}: invalid pattern {line!r}: {reason}") from None
        if pattern is not None:
            patterns.append(pattern)
    return patterns


class IgnoreRules:
    """Patterns from one file (a ``.gitignore`` or a config's ``exclude``), relative to ``base``."""

    def __init__(self, base: Path, patterns: Sequence[_Pattern]) -> None:
        self.base = base
        self.patterns = patterns
        # Every file a walk meets is tested against every rule set above it: for an absolute
        # POSIX base, its relative path is a string slice (what relative_to computes, without
        # building two Path objects per test).
        self._base_text = str(base)
        self._prefix = self._base_text.rstrip("/") + "/" if isinstance(base, PurePosixPath) and base.is_absolute() else None

    def _relative(self, path: Path | str) -> str | None:
        """``path`` relative to ``base`` in POSIX form, or None if it is not inside ``base``.
        A string is an absolute path (what a walk holds: no Path object per file)."""
        if self._prefix is not None and (isinstance(path, str) or (isinstance(path, PurePosixPath) and path.is_absolute())):
            text = path if isinstance(path, str) else str(path)
            if text == self._base_text:
                return "."
            return text[len(self._prefix):] if text.startswith(self._prefix) else None
        try:
            return Path(path).relative_to(self.base).as_posix()
        except ValueError:
            return None

    def decide(self, path: Path | str, is_dir: bool) -> bool | None:
        """True ignored, False re-included, None: no pattern here speaks about ``path``."""
        rel = self._relative(path)
        if rel is None:
            return None
        if is_dir:
            rel += "/"
        verdict = None
        for p in self.patterns:
            if p.regex.match(rel):
                verdict = not p.negate
        return verdict

    def excludes(self, path: Path, is_dir: bool = False) -> bool:
        """Does this set exclude ``path`` or one of its folders (up to ``base``)?"""
        if self.decide(path, is_dir):
            return True
        return any(self.decide(parent, True) for parent in path.parents if parent != self.base and self.base in parent.parents)


@lru_cache(maxsize=256)
def gitignore_in(folder: Path) -> IgnoreRules | None:
    path = folder / ".gitignore"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    try:
        return IgnoreRules(folder, compile_patterns(text.splitlines(), str(path)))
    except PatternError as exc:
        raise ConfigError(str(exc)) from None


def _repo_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def gitignores_above(folder: Path) -> list[IgnoreRules]:
    """.gitignore files from the repository root down to ``folder`` (exclusive)."""
    root = _repo_root(folder)
    if root is None:
        return []
    chain = [p for p in reversed(folder.parents) if p == root or root in p.parents]
    return [g for p in chain if (g := gitignore_in(p)) is not None]


def ignored(path: Path | str, is_dir: bool, stack: Sequence[IgnoreRules]) -> bool:
    """Do the ``.gitignore`` rules of ``stack`` (outermost first) ignore ``path`` (absolute)?"""
    verdict = False
    for rules in stack:
        decided = rules.decide(path, is_dir)
        if decided is not None:
            verdict = decided
    return verdict
