"""Reading YAML, with PyYAML imported on first use (a run with no YAML to read never imports it).

authlint's own data files are read through libyaml's safe loader when PyYAML was built with it
(4-10x faster: it matters at start-up); user input (config files, front matter, rule files)
through :func:`load_user_yaml`, which turns *every* problem into one :class:`YamlProblem`:

- syntax errors (PyYAML's ``YAMLError``);
- values PyYAML's constructors reject with other exceptions (``date: 2024-02-30``,
  ``!!int abc``, ``!!timestamp nope`` raise ``ValueError``/``AttributeError`` inside PyYAML);
- nesting deeper than :data:`MAX_DEPTH` (PyYAML's composer is recursive: 500 levels are a
  ``RecursionError``), bounded *while* composing;
- alias bombs: a few hundred bytes whose aliases expand to billions of nodes. Loading them is
  cheap (aliases share objects), but anything that walks the result (``str()``, JSON, a
  fingerprint) never finishes, so the expanded size is bounded before constructing.

:meth:`YamlProblem.describe` is the one formatter of these errors for every caller.
"""

from __future__ import annotations

from typing import IO, Any

MAX_DEPTH = 64
"""Deepest nesting of collections accepted in user YAML (real config and front matter use < 10)."""
MAX_EXPANDED_NODES = 100_000
"""Most nodes user YAML may have once every alias is expanded (an alias bomb has billions)."""


class YamlProblem(Exception):
    """User YAML that cannot be read: where (1-based, when known) and what, on one line."""

    def __init__(
        self, problem: str, line: int | None = None, column: int | None = None, label: str = "YAML error",
    ) -> None:
        super().__init__(problem)
        self.problem, self.line, self.column, self.label = problem, line, column, label

    def __str__(self) -> str:
        return self.describe()

    def describe(self, source: str = "", *, line_offset: int = 0) -> str:
        """``source:line:column: label: problem`` (the location parts only when known; the
        label says "YAML syntax error" or "YAML error"); ``line_offset``: lines before the YAML
        text in ``source`` (front matter's opening ``---``)."""
        what = self.label
        where = source
        if self.line is not None:
            where += f":{self.line + line_offset}" + (f":{self.column}" if self.column is not None else "")
        return f"{where}: {what}: {self.problem}" if where else f"{what}: {self.problem}"


def fast_safe_load(stream: str | IO[str]) -> Any:
    """What ``yaml.safe_load`` returns, read with libyaml's loader when available (authlint's own files)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(stream)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def safe_load(text: str) -> Any:
    """Same as :func:`load_user_yaml` (kept for callers that expect this name)."""
    return load_user_yaml(text)


def load_user_yaml(text: str, *, fast: bool = False) -> Any:
    """Safe-load YAML a user wrote; every failure is a :class:`YamlProblem`.

    ``fast``: compose with libyaml when available (rule folders, front matter: many files), falling back to
    PyYAML's own parser for a broken file, whose messages are clearest."""
    import yaml

    if fast and hasattr(yaml, "CSafeLoader"):
        try:
            return _load(yaml.CSafeLoader, text)
        except YamlProblem:
            pass  # reparse with PyYAML's parser for its message (and its depth bound)
    return _load(_bounded_loader(), text)


def _load(loader_class: Any, text: str) -> Any:
    import yaml

    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expanded_size(node)
        return _construct(loader, node)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _problem(str(exc.problem or exc.context or "invalid YAML"), mark, "YAML syntax error") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(_one_line(str(exc)), label="YAML syntax error") from None
    except RecursionError:  # libyaml's composer has no depth bound of its own
        raise YamlProblem(f"nested deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


def _construct(loader: Any, node: Any) -> Any:
    """Construct ``node``; a value PyYAML's constructors reject with a non-YAML exception
    becomes a :class:`YamlProblem` at that value."""
    import yaml

    original = loader.construct_object

    def construct_object(child: Any, deep: bool = False) -> Any:
        try:
            return original(child, deep=deep)
        except (yaml.YAMLError, YamlProblem):
            raise
        except Exception as exc:  # noqa: BLE001 -- PyYAML raises ValueError, AttributeError, ...
            value = child.value if isinstance(child.value, str) else child.tag
            kind = str(child.tag).rsplit(":", 1)[-1]
            reason = _one_line(str(exc)) if isinstance(exc, ValueError) else f"not a valid {kind}"
            raise _problem(f"cannot read value {value[:60]!r} ({reason})", child.start_mark) from None

    loader.construct_object = construct_object
    return loader.construct_document(node)


def _bounded_loader() -> Any:
    """PyYAML's SafeLoader with the composer's recursion bounded at :data:`MAX_DEPTH`."""
    import yaml

    class BoundedSafeLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.depth >= MAX_DEPTH and not self.check_event(yaml.AliasEvent, yaml.ScalarEvent):
                raise _problem(f"nested deeper than {MAX_DEPTH} levels", self.peek_event().start_mark)
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return BoundedSafeLoader


def _check_expanded_size(root: Any) -> None:
    """Refuse a node tree that is too deep or that expands (through aliases) past the bound;
    iterative, with each shared node's size computed once (alias bombs share nodes)."""
    import yaml

    sizes: dict[int, int] = {}
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise _problem(f"nested deeper than {MAX_DEPTH} levels", node.start_mark)
        if id(node) in sizes and not done:
            continue
        children = _children(node, yaml)
        if done or not children:
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children)
            if sizes[id(node)] > MAX_EXPANDED_NODES:
                raise _problem(
                    f"expands to more than {MAX_EXPANDED_NODES:,} values (aliases of aliases?)", node.start_mark
                )
            continue
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)


def _children(node: Any, yaml: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _problem(problem: str, mark: Any, label: str = "YAML error") -> YamlProblem:
    if mark is None:
        return YamlProblem(_one_line(problem), label=label)
    return YamlProblem(_one_line(problem), mark.line + 1, mark.column + 1, label)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def yaml_error() -> type[Exception]:
    """The error class of :func:`load_user_yaml`, for ``except`` clauses."""
    return YamlProblem
