"""``authlint lsp``: the language server (pygls 2, lsprotocol) and its handlers.

What happens when, and why:

* **start** (``initialized``): the Linter of the workspace's config is built and spaCy loaded on
  the lint thread (:mod:`authlint.lsp.worker`), so the first diagnostics come as soon as the
  model is ready and the protocol is answered meanwhile;
* **open / save**: checked at once; **change**: checked after a short debounce, and a result is
  published only for the document's newest version (:class:`authlint.lsp.state.Documents`);
* **config and rule files** (``.authlint.yaml``, ``pyproject.toml``, rule folders) are watched;
  a change drops every Linter (:class:`authlint.lsp.configs.Configs`) and re-checks the open
  documents; a broken one is one diagnostic on that file;
* **hover, code lens, code actions** read the published result; code actions that need a fresh
  check (fix all) run on the lint thread.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from authlint._version import __version__
from authlint.errors import AuthlintError
from authlint.io.source import Kind, kind_for
from authlint.lsp import actions
from authlint.lsp.allow import add_allowed
from authlint.lsp.configs import ConfigProblem, Configs
from authlint.lsp.diagnostics import (
    error_diagnostic,
    finding_diagnostic,
    lsp_range,
    notice_diagnostic,
    problem_diagnostic,
    rule_docs_link,
)
from authlint.lsp.hover import hover_text
from authlint.lsp.incremental import Incremental
from authlint.lsp.lint import check_document
from authlint.lsp.positions import PositionMap, as_encoding
from authlint.lsp.state import Documents, Outcome
from authlint.lsp.worker import Worker
from authlint.report.results import POSITIVE_CATEGORIES
from authlint.ruleset.meta import unused_suppression_rule
from authlint.settings.config import CONFIG_FILES
from authlint.support.data import data_path

T = TypeVar("T")
log = logging.getLogger("authlint.lsp")

#: Seconds a change waits for the next keystroke before it is checked. Short, because changes
#: that arrive while a check runs are merged anyway (one check of the newest version follows),
#: and a check after an edit re-analyses only the edited paragraph (authlint.lsp.incremental),
#: so long documents need no longer wait either.
DEBOUNCE = 0.01
WATCH_GLOBS = ("**/.authlint.yaml", "**/.authlint.yml", "**/pyproject.toml", "**/*.yaml", "**/*.yml")
LANGUAGE_KINDS: dict[str, Kind] = {"markdown": "markdown", "mdx": "mdx", "plaintext": "text", "text": "text"}


@dataclass(frozen=True)
class Options:
    """How the server behaves; set on the command line or in ``initializationOptions``."""

    debounce: float = DEBOUNCE
    warm_up: bool = True


class AuthlintServer(LanguageServer):
    """The server's state lives here, one instance per process (no module-level state)."""

    def __init__(self, options: Options | None = None) -> None:
        super().__init__("authlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.options = options or Options()
        self.documents = Documents()
        self.configs = Configs()
        self.worker = Worker()
        self.incremental = Incremental()  # lint thread only: each Linter's analysed paragraphs
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._running: set[str] = set()  # documents with a check under way
        self._dirty: set[str] = set()  # ... that changed again meanwhile
        self._problem_uris: set[str] = set()
        self._docs_links: dict[int, Callable[[str], str | None]] = {}

    # --- helpers -------------------------------------------------------------------------------

    @property
    def encoding(self) -> Any:
        return as_encoding(self.server_capabilities.position_encoding if self.protocol.server_capabilities else None)

    def run_on_worker(self, fn: Callable[[], T]) -> asyncio.Future[T]:
        return asyncio.wrap_future(self.worker.submit(fn))

    def spawn(self, work: Any) -> None:
        """Run a coroutine as the server's own task. Notification handlers hand their checks to
        these instead of awaiting them: when the client disconnects, the loop cancels them
        quietly, where a cancelled handler would be logged by pygls with a traceback."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def open_document(self, uri: str) -> Any | None:
        return self.workspace.text_documents.get(unquote(uri))

    def folder_for(self, path: Path | None) -> Path:
        """The workspace folder holding ``path`` (else its own folder, else the root)."""
        roots = [Path(p) for f in self.workspace.folders.values() if (p := to_fs_path(f.uri))]
        if self.workspace.root_path:
            roots.append(Path(self.workspace.root_path))
        if path is not None:
            for root in sorted(roots, key=lambda r: len(str(r)), reverse=True):
                if path.is_relative_to(root):
                    return root
            return path.parent
        return roots[0] if roots else Path.cwd()

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None = None) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def docs_link(self, outcome: Outcome) -> Callable[[str], str | None]:
        linter = outcome.linter
        if linter is None:
            return lambda code: None
        key = id(linter)
        if key not in self._docs_links:
            base = rule_docs_link(linter.config.rule_dirs())
            meta_code, meta_uri = unused_suppression_rule().code, data_path("unused-suppression.json").resolve().as_uri()
            self._docs_links[key] = lambda code: meta_uri if code == meta_code else base(code)
        return self._docs_links[key]

    # --- checking ------------------------------------------------------------------------------

    def kind_of(self, uri: str, language_id: str | None) -> Kind:
        path = to_fs_path(uri)
        by_name = kind_for(path or uri, default="text")
        if by_name != "text":
            return by_name
        return LANGUAGE_KINDS.get((language_id or "").lower(), "text")

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds, replacing a check scheduled before."""
        loop = asyncio.get_running_loop()
        pending = self._timers.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._timers[uri] = loop.call_later(delay, self._start, uri)

    def _start(self, uri: str) -> None:
        """Check now, unless a check of this document is under way: then once more after it."""
        self._timers.pop(uri, None)
        if uri in self._running:
            self._dirty.add(uri)
        else:
            self.spawn(self._lint_until_current(uri))

    async def _lint_until_current(self, uri: str) -> None:
        self._running.add(uri)
        try:
            while True:
                self._dirty.discard(uri)
                await self.lint(uri)
                if uri not in self._dirty:
                    return
        finally:
            self._running.discard(uri)

    async def lint(self, uri: str) -> Outcome | None:
        """Check the document's current version on the lint thread and publish it if still current."""
        doc = self.open_document(uri)
        if doc is None:
            return None
        version, text = doc.version or 0, doc.source
        kind = self.kind_of(uri, doc.language_id)
        path_name = to_fs_path(uri)
        path = Path(path_name) if path_name and uri.startswith("file:") else None
        encoding = self.encoding
        outcome = await self.run_on_worker(lambda: self._check(uri, version, text, kind, path, encoding))
        if outcome is None or not self.documents.record(outcome):
            return None  # a newer version arrived meanwhile: its own check publishes
        self.publish_outcome(outcome)
        return outcome

    def _check(self, uri: str, version: int, text: str, kind: Kind, path: Path | None, encoding: Any) -> Outcome | None:
        """On the lint thread. ``None`` when a newer version came in before the check started."""
        if not self.documents.is_current(uri, version):
            return None
        positions = PositionMap(text, encoding)
        try:
            settings = self.configs.for_document(path).settings
            linter = settings.linter
        except AuthlintError as exc:
            problem = ConfigProblem.from_error(exc, self.configs.config_file(path))
            return Outcome(uri, version, kind, path, positions, problem=problem)
        try:
            checked = check_document(linter, text, kind, ignores=settings.per_file_ignores(path),
                                     cache=self.incremental.for_linter(linter))
        except Exception as exc:
            log.exception("check failed for %s", uri)
            return Outcome(uri, version, kind, path, positions, failure=f"authlint failed on this document: {exc}")
        return Outcome(uri, version, kind, path, positions, checked=checked, linter=linter)

    def diagnostics_for(self, outcome: Outcome) -> list[types.Diagnostic]:
        positions = outcome.positions
        if outcome.failure is not None:
            return [error_diagnostic(outcome.failure, positions)]
        checked = outcome.checked
        if checked is None:
            return []
        if checked.report is None:
            return [error_diagnostic(checked.error or "not checked", positions)]
        docs = self.docs_link(outcome)
        out = [notice_diagnostic(n, positions) for n in checked.report.notices]
        out += [finding_diagnostic(f, positions, docs) for f in checked.report.findings]
        return out

    def publish_outcome(self, outcome: Outcome) -> None:
        if outcome.problem is not None:
            self.show_problem(outcome.problem)
            self.publish(outcome.uri, [], outcome.version)
        else:
            self.publish(outcome.uri, self.diagnostics_for(outcome), outcome.version)
        self.refresh_lenses()

    def show_problem(self, problem: ConfigProblem) -> None:
        if problem.path is None:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=problem.message))
            return
        uri = from_fs_path(str(problem.path)) or problem.path.as_uri()
        self._problem_uris.add(uri)
        self.publish(uri, [problem_diagnostic(problem)])

    def refresh_lenses(self) -> None:
        caps = self.client_capabilities.workspace
        if caps is not None and caps.code_lens is not None and caps.code_lens.refresh_support:
            self.workspace_code_lens_refresh(None)

    async def reload(self) -> None:
        """A config or rule file changed: drop the Linters it affects, clear old problems, re-check all."""
        self.configs.refresh()
        self._docs_links.clear()
        self.worker.submit(self.incremental.clear)  # the lint thread owns the caches
        for uri in list(self._problem_uris):
            self.publish(uri, [])
        self._problem_uris.clear()
        await asyncio.gather(*(self.lint(uri) for uri in self.documents.open_uris()))

    def is_watched(self, path: Path) -> bool:
        if path.name in CONFIG_FILES:
            return True
        if path.suffix not in (".yaml", ".yml"):
            return False
        return any(path.resolve().is_relative_to(folder) for folder in self.configs.rule_folders())

    def warm_up(self, loop: asyncio.AbstractEventLoop) -> None:
        """On the lint thread: build the workspace's Linter and load spaCy before the first
        document; tells the client (a log message) when it is ready."""
        started = time.perf_counter()
        try:
            linter = self.configs.for_document(self.folder_for(None) / "_").settings.linter
            linter.check("Warming up: thanks for waiting.")
            self.incremental.for_linter(linter).check("Warming up.\n\nThanks for waiting.", None, None)
            # The model, rules and protocol classes live as long as the server: leave them out of
            # garbage collections (a full one over spaCy's objects costs tens of milliseconds,
            # and checks make enough garbage to trigger them), as the CLI does at exit.
            gc.collect()
            gc.freeze()
        except AuthlintError:
            return  # reported against the config when a document is checked
        except Exception:  # a bug must not stop the server; documents report it when checked
            log.exception("warm-up failed")
            return
        message = f"authlint: ready (rules and spaCy model loaded in {time.perf_counter() - started:.1f} s)"
        params = types.LogMessageParams(type=types.MessageType.Info, message=message)
        loop.call_soon_threadsafe(self.window_log_message, params)

    async def fix_all(self, uri: str) -> tuple[str, str, int] | None:
        """(text now, text after every safe fix, fixes): fixed and re-checked until nothing changes."""
        from authlint.report.fix import MAX_PASSES, apply_edits, edits_for

        doc = self.open_document(uri)
        if doc is None:
            return None
        before = doc.source
        kind = self.kind_of(uri, doc.language_id)
        path_name = to_fs_path(uri)
        path = Path(path_name) if path_name and uri.startswith("file:") else None

        def run() -> tuple[str, str, int] | None:
            try:
                settings = self.configs.for_document(path).settings
                linter = settings.linter
            except AuthlintError:
                return None
            text, fixes = before, 0
            for _ in range(MAX_PASSES):
                checked = check_document(linter, text, kind, ignores=settings.per_file_ignores(path),
                                         cache=self.incremental.for_linter(linter))
                if checked.report is None:
                    break
                edits = edits_for(text, checked.report.findings)
                if not edits:
                    break
                text, fixes = apply_edits(text, edits), fixes + len(edits)
            return before, text, fixes

        return await self.run_on_worker(run)


def build_server(options: Options | None = None) -> AuthlintServer:
    """A server with every handler registered (a new one each call: tests start several)."""
    server = AuthlintServer(options)

    @server.feature(types.INITIALIZE)
    def initialize(ls: AuthlintServer, params: types.InitializeParams) -> None:
        given = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        debounce = given.get("debounce")
        if isinstance(debounce, (int, float)) and 0 <= debounce <= 10:
            ls.options = Options(debounce=float(debounce), warm_up=ls.options.warm_up)
        ls.configs = Configs(ls.folder_for(None))

    @server.feature(types.INITIALIZED)
    async def initialized(ls: AuthlintServer, params: types.InitializedParams) -> None:
        if ls.options.warm_up:
            loop = asyncio.get_running_loop()
            ls.worker.submit(lambda: ls.warm_up(loop))
        caps = ls.client_capabilities.workspace
        watch = caps.did_change_watched_files if caps is not None else None
        if watch is not None and watch.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCH_GLOBS]
            )
            registration = types.Registration(
                id="authlint-config-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
            )
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
            except Exception:  # noqa: BLE001 - a client that refuses still gets reloads on save
                log.warning("client refused the file watcher; configs reload on save only")

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: AuthlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.documents.saw(params.text_document.uri, params.text_document.version)
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: AuthlintServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.documents.saw(uri, params.text_document.version)
        ls.schedule(uri, ls.options.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: AuthlintServer, params: types.DidSaveTextDocumentParams) -> None:
        path_name = to_fs_path(params.text_document.uri)
        if path_name and ls.is_watched(Path(path_name)):
            ls.spawn(ls.reload())
        elif ls.open_document(params.text_document.uri) is not None:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: AuthlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls._timers.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.documents.close(uri)
        ls.publish(uri, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: AuthlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        paths = [Path(p) for c in params.changes if (p := to_fs_path(c.uri))]
        if any(ls.is_watched(p) for p in paths):
            ls.spawn(ls.reload())

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: AuthlintServer, params: types.HoverParams) -> types.Hover | None:
        outcome = ls.documents.result(params.text_document.uri)
        if outcome is None or outcome.checked is None or outcome.checked.report is None:
            return None
        offset = outcome.positions.offset(params.position.line, params.position.character)
        here = [f for f in outcome.checked.report.findings if f.start <= offset < f.end or f.start == offset == f.end]
        if not here:
            return None
        linter = outcome.linter
        if linter is None:
            return None
        span = min(here, key=lambda f: f.end - f.start)
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=hover_text(here, linter)),
            range=lsp_range(outcome.positions, span.start, span.end),
        )

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    def code_lens(ls: AuthlintServer, params: types.CodeLensParams) -> list[types.CodeLens] | None:
        outcome = ls.documents.result(params.text_document.uri)
        if outcome is None or outcome.checked is None or outcome.checked.report is None:
            return None
        report = outcome.checked.report
        problems = sum(1 for f in report.findings if f.category not in POSITIVE_CATEGORIES)
        good = len(report.findings) - problems
        title = f"authlint score {report.score:g}/100 · {problems} {'finding' if problems == 1 else 'findings'}"
        if good:
            title += f" · {good} good"
        zero = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
        return [types.CodeLens(range=zero, command=types.Command(title=title, command=""))]

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND,
                                                   types.CodeActionKind.SourceFixAll], resolve_provider=False),
    )
    async def code_action(ls: AuthlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        try:
            return await _code_actions(ls, params)
        except asyncio.CancelledError:  # the client went away mid-request: nobody to answer
            return None

    async def _code_actions(ls: AuthlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        outcome = ls.documents.result(uri) or await ls.lint(uri)
        if outcome is None or outcome.checked is None or outcome.checked.report is None:
            return None
        only = params.context.only
        wants_quick = only is None or any(str(k).startswith("quickfix") for k in only)
        wants_fix_all = only is None or any(actions.FIX_ALL_KIND.startswith(str(getattr(k, "value", k))) for k in only)
        positions, text = outcome.positions, outcome.checked.text
        start = positions.offset(params.range.start.line, params.range.start.character)
        end = positions.offset(params.range.end.line, params.range.end.character)
        by_span = {(d.data or {}).get("start"): d for d in params.context.diagnostics if isinstance(d.data, dict)}
        out: list[types.CodeAction] = []
        report = outcome.checked.report
        if wants_quick:
            for f in report.findings:
                if not (f.start <= end and start <= f.end):
                    continue
                diagnostic = by_span.get(f.start)
                out += actions.suggestion_actions(uri, f, positions, diagnostic)
                out.append(actions.disable_line_action(uri, text, outcome.kind, f, positions, diagnostic))
                allow = actions.allow_phrase_action(uri, f, diagnostic)
                if allow is not None:
                    out.append(allow)
        has_safe = any(s.applicability == "safe" and s.replacement is not None for f in report.findings for s in f.suggestions)
        if wants_fix_all and has_safe:
            fixed = await ls.fix_all(uri)
            if fixed is not None and ls.documents.is_current(uri, outcome.version):
                action = actions.fix_all_action(uri, fixed[0], fixed[1], positions, fixed[2])
                if action is not None:
                    out.append(action)
        return out

    @server.command(actions.ALLOW_COMMAND)
    async def allow_phrase(ls: AuthlintServer, uri: str, phrase: str) -> dict[str, str] | None:
        path_name = to_fs_path(uri)
        path = Path(path_name) if path_name and uri.startswith("file:") else None

        def run() -> Path:
            return add_allowed(ls.configs.config_file(path), ls.folder_for(path), phrase)

        try:
            written = await ls.run_on_worker(run)
        except AuthlintError as exc:
            ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"authlint: {exc}"))
            return None
        await ls.reload()
        return {"config": str(written)}

    return server


__all__ = ["DEBOUNCE", "AuthlintServer", "Options", "build_server"]
