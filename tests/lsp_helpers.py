"""Shared pieces of the language-server tests: a pytest-lsp client that records every
publishDiagnostics with its version, and helpers to open, edit and wait.

The server runs as a real subprocess (``python -m authlint lsp``) speaking JSON-RPC over stdio.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any, Union

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "authlint", "lsp"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
TIMEOUT = 120.0


def _converter() -> Any:
    """lsprotocol's converter, except that a CodeAction carrying a command stays a CodeAction
    (its own hook reads any object with a ``command`` key as a bare Command, stringifying the
    nested one); a real editor tells them apart by the type of ``command``, as this does."""
    converter = default_converter()

    def action_or_command(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    # the same Union object lsprotocol registered its hook for (a `X | Y` union would not match it)
    converter.register_structure_hook(Union[types.Command, types.CodeAction], action_or_command)  # noqa: UP007
    return converter


def recording_client() -> LanguageClient:
    """pytest-lsp's client, also keeping (uri, version, diagnostics) of every publish in order."""
    client = LanguageClient(converter_factory=_converter)
    client.published = []  # type: ignore[attr-defined]
    features = dict(DEFAULT_CLIENT_FEATURES)
    default = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        default(ls, params)
        ls.published.append((params.uri, params.version, list(params.diagnostics)))  # type: ignore[attr-defined]

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    client.registrations = []  # type: ignore[attr-defined]

    def register(ls: LanguageClient, params: types.RegistrationParams) -> None:
        ls.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    features[types.CLIENT_REGISTER_CAPABILITY] = register
    features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda ls, params: None
    register_lsp_features(client, features)
    return client


def server_config(*extra: str) -> ClientServerConfig:
    return ClientServerConfig(server_command=[*SERVER, *extra], client_factory=recording_client, server_env=ENV)


def capabilities(*, utf8: bool = False, watch: bool = True) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16] if utf8 else None
        ),
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
            apply_edit=True,
        ),
        text_document=types.TextDocumentClientCapabilities(
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "source.fixAll"])
                )
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
    )


async def initialize(client: LanguageClient, root: Path, **caps: Any) -> types.InitializeResult:
    return await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(**caps), root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
    ))


async def diagnostics(client: LanguageClient, uri: str, version: int | None = None, after: int = 0) -> list[types.Diagnostic]:
    """The first diagnostics published for ``uri`` (at ``version``, if given) after entry ``after`` of the log."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for entry_uri, entry_version, found in client.published[after:]:  # type: ignore[attr-defined]
            if entry_uri == uri and (version is None or entry_version == version):
                return found
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for {uri} version {version} within {TIMEOUT}s")


def mark(client: LanguageClient) -> int:
    """Where the publish log stands now (pass as ``after`` to wait for a later publish)."""
    return len(client.published)  # type: ignore[attr-defined]


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "markdown", version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
    ))
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
    ))


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP text edits the way an editor does (independently of the server's own code)."""
    def offset(pos: types.Position) -> int:
        lines = text.splitlines(keepends=True) or [""]
        start = sum(len(line) for line in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line.rstrip("\r\n")):
            if units >= pos.character:
                return start + i
            units += len(ch.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(ch.encode("utf-8"))
        return start + len(line.rstrip("\r\n"))

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text
