"""Replay the initialize exchange of real editors against the running server.

VS Code and Neovim capabilities are the snapshots pytest-lsp captured from those editors;
Helix and Zed are transcribed from their source (tests/data/lsp-clients/README.md). Each
session checks what that editor depends on: the negotiated position encoding (Helix and
Neovim offer UTF-8 first), whether the config watcher is registered (only where the client
allows dynamic registration), and that a finding after CJK and emoji lands on the right
characters in that encoding, with hover and the quick fix working.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import apply_edits, diagnostics, open_doc, server_config
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

DATA = Path(__file__).parent / "data" / "lsp-clients"
TEXT = "家族 🎉 Oh great, another update.\n"
CLIENTS = {
    # name: (capabilities JSON, expected encoding, registers the watcher)
    "vscode": (lambda: client_capabilities("visual-studio-code@v1.65.2"), "utf-16", True),
    "neovim": (lambda: client_capabilities("neovim@v0.11.0"), "utf-8", False),
    "helix": (lambda: json.loads((DATA / "helix.json").read_text())["capabilities"], "utf-8", True),
    "zed": (lambda: json.loads((DATA / "zed.json").read_text())["capabilities"], "utf-16", True),
}


@pytest_lsp.fixture(config=server_config(), params=sorted(CLIENTS))
async def editor(lsp_client: LanguageClient, request: pytest.FixtureRequest, tmp_path: Path):
    raw, encoding, watches = CLIENTS[request.param]
    caps = raw()
    if not isinstance(caps, types.ClientCapabilities):
        caps = lsp_client.protocol._converter.structure(caps, types.ClientCapabilities)
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=tmp_path.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="w")]))
    lsp_client.expected = (request.param, encoding, watches, result, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_editor_session(editor: LanguageClient) -> None:
    name, encoding, watches, result, folder = editor.expected
    assert result.capabilities.position_encoding == encoding, name
    uri = open_doc(editor, folder / "post.md", TEXT)
    found = await diagnostics(editor, uri, 1)
    # registered from `initialized`, before the first check
    watchers = [r for r in editor.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert bool(watchers) == watches, name
    sarcasm = next(d for d in found if d.code == "SNK101")
    before = len(TEXT[: TEXT.index("Oh")].encode("utf-16-le")) // 2 if encoding == "utf-16" else len(TEXT[: TEXT.index("Oh")].encode())
    assert sarcasm.range.start == types.Position(line=0, character=before), name
    assert sarcasm.range.end.character - sarcasm.range.start.character == len("Oh great")
    hover = await editor.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=sarcasm.range.start))
    assert hover is not None and "sarcastic-marker" in hover.contents.value
    offered = await editor.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=sarcasm.range,
        context=types.CodeActionContext(diagnostics=[sarcasm])))
    disable = next(a for a in offered if getattr(a, "title", "") == "Disable SNK101 for this line")
    assert apply_edits(TEXT, disable.edit.changes[uri], encoding).startswith("<!-- authlint-disable-next-line SNK101 -->\n")
