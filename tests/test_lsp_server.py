"""The language server over a real process and a real client (pytest-lsp): one server shared
by this module (spaCy loads once), each test in its own folder so configs do not mix."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import (
    apply_edits,
    diagnostics,
    initialize,
    mark,
    open_doc,
    replace_all,
    server_config,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

SNARK = "Oh great, another update. Buy now!!! Link in bio.\n"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workspace")


@pytest_lsp.fixture(config=server_config(), scope="module")
async def client(lsp_client: LanguageClient, workspace: Path):
    result = await initialize(lsp_client, workspace)
    lsp_client.init_result = result
    yield
    await lsp_client.shutdown_session()


def folder(workspace: Path, name: str) -> Path:
    path = workspace / name
    path.mkdir()
    return path


async def test_initialize_advertises_features(client: LanguageClient) -> None:
    caps = client.init_result.capabilities
    assert caps.position_encoding == types.PositionEncodingKind.Utf16
    assert caps.hover_provider and caps.code_lens_provider is not None
    assert "authlint.allowPhrase" in caps.execute_command_provider.commands
    kinds = caps.code_action_provider.code_action_kinds
    assert types.CodeActionKind.QuickFix in kinds and "source.fixAll.authlint" in kinds
    assert client.init_result.server_info.name == "authlint"


async def test_model_loads_in_the_background_at_start(client: LanguageClient) -> None:
    """Before any document is opened, the server builds its Linter and loads spaCy, and says so."""
    for _ in range(12000):
        if any(m.message.startswith("authlint: ready") for m in client.log_messages):
            break
        await asyncio.sleep(0.01)
    assert any(m.message.startswith("authlint: ready (rules and spaCy model loaded in ") for m in client.log_messages)
    assert not client.published  # nothing was opened yet


async def test_diagnostics_on_open(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, folder(workspace, "open") / "post.md", SNARK)
    found = await diagnostics(client, uri, 1)
    codes = {d.code for d in found}
    assert {"SNK101", "PRO101", "PRO103", "PRO102"} <= codes
    sarcasm = next(d for d in found if d.code == "SNK101")
    assert sarcasm.severity == types.DiagnosticSeverity.Warning
    assert sarcasm.range.start == types.Position(line=0, character=0)
    assert sarcasm.range.end == types.Position(line=0, character=len("Oh great"))
    assert sarcasm.source == "authlint"
    assert "signals sarcasm" in sarcasm.message and "\n= try: " in sarcasm.message
    assert sarcasm.code_description.href.startswith("file://") and "SNK101-" in sarcasm.code_description.href


async def test_connection_findings_are_hints(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, folder(workspace, "hints") / "thanks.md", "Huge thanks to @lina_dev, who rewrote the sync engine.\n")
    found = await diagnostics(client, uri, 1)
    thanks = [d for d in found if d.code == "CON101"]
    assert thanks and all(d.severity == types.DiagnosticSeverity.Hint for d in thanks)


async def test_change_relints_and_never_publishes_stale(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, folder(workspace, "change") / "post.md", "A calm post about our meetup.\n")
    assert not [d for d in await diagnostics(client, uri, 1) if d.code != "CON101"]
    start = mark(client)
    texts = ["Oh great, another meetup.\n", "Buy now!!! Link in bio.\n", "Educate yourself before you comment.\n"]
    for version, text in enumerate(texts, start=2):  # faster than the debounce: only the last counts
        replace_all(client, uri, text, version)
    last = await diagnostics(client, uri, 4, after=start)
    assert {d.code for d in last} == {"SNK102"}
    versions = [v for u, v, _ in client.published[start:] if u == uri]
    assert versions == sorted(versions) and versions[-1] == 4


async def test_hover_shows_rule_docs(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, folder(workspace, "hover") / "post.md", SNARK)
    await diagnostics(client, uri, 1)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=3)))
    assert hover is not None and hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert "SNK101  sarcastic-marker" in text and "Why" in text and "✗ " in text and "✓ " in text
    assert hover.range.start.character == 0 and hover.range.end.character == len("Oh great")
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=12)))
    assert nothing is None


async def test_score_code_lens(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, folder(workspace, "lens") / "post.md", SNARK)
    found = await diagnostics(client, uri, 1)
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert len(lenses) == 1 and lenses[0].range.start.line == 0
    title = lenses[0].command.title
    assert title.startswith("authlint score ") and f"· {len(found)} findings" in title
    score = float(title.split()[2].split("/")[0])
    assert 0 <= score < 100


def _command(action: types.CodeAction | types.Command) -> tuple[str, list | None] | None:
    """The command an action runs. lsprotocol's client-side converter reads any action that
    has a ``command`` as a bare Command (the server sends a CodeAction); both are accepted."""
    if isinstance(action, types.Command):
        return action.command, action.arguments
    return (action.command.command, action.command.arguments) if action.command is not None else None


async def _actions(client: LanguageClient, uri: str, line: int, character: int, only: list[str] | None = None) -> list[types.CodeAction]:
    where = types.Position(line=line, character=character)
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=where, end=where),
        context=types.CodeActionContext(diagnostics=[], only=only)))
    return list(result or [])


async def test_apply_suggestion_then_relint(client: LanguageClient, workspace: Path) -> None:
    text = "BIG NEWS!!! Our new planner is here.\n"
    uri = open_doc(client, folder(workspace, "quickfix") / "post.md", text)
    found = await diagnostics(client, uri, 1)
    assert "PRO103" in {d.code for d in found}
    hype = next(d for d in found if d.code == "PRO103")
    offered = await _actions(client, uri, hype.range.start.line, hype.range.start.character, ["quickfix"])
    fix = next(a for a in offered if a.title.startswith("PRO103: replace"))
    assert fix.is_preferred
    fixed = apply_edits(text, fix.edit.changes[uri])
    assert "!!!" not in fixed
    start = mark(client)
    replace_all(client, uri, fixed, 2)
    assert "PRO103" not in {d.code for d in await diagnostics(client, uri, 2, after=start)}


async def test_disable_for_this_line_markdown_and_text(client: LanguageClient, workspace: Path) -> None:
    here = folder(workspace, "disable")
    for name, language, text, expected in [
        ("post.md", "markdown", "Intro line.\r\n\r\n  Oh great, another update.\r\n",
         "Intro line.\r\n\r\n  <!-- authlint-disable-next-line SNK101 -->\r\n  Oh great, another update.\r\n"),
        ("post.txt", "plaintext", "Oh great, another update.\n", "authlint-disable-next-line SNK101\nOh great, another update.\n"),
    ]:
        uri = open_doc(client, here / name, text, language)
        found = await diagnostics(client, uri, 1)
        sarcasm = next(d for d in found if d.code == "SNK101")
        offered = await _actions(client, uri, sarcasm.range.start.line, sarcasm.range.start.character + 1)
        action = next(a for a in offered if a.title == "Disable SNK101 for this line")
        after = apply_edits(text, action.edit.changes[uri])
        assert after == expected
        start = mark(client)
        replace_all(client, uri, after, 2)
        codes = {d.code for d in await diagnostics(client, uri, 2, after=start)}
        assert "SNK101" not in codes and "SUP100" not in codes


async def test_disable_extends_directive_above(client: LanguageClient, workspace: Path) -> None:
    text = "<!-- authlint-disable-next-line PRO101 -->\nOh great. Buy now.\n"
    uri = open_doc(client, folder(workspace, "extend") / "post.md", text)
    found = await diagnostics(client, uri, 1)
    assert "PRO101" not in {d.code for d in found}
    sarcasm = next(d for d in found if d.code == "SNK101")
    offered = await _actions(client, uri, sarcasm.range.start.line, 1)
    action = next(a for a in offered if a.title == "Disable SNK101 for this line")
    after = apply_edits(text, action.edit.changes[uri])
    assert after == "<!-- authlint-disable-next-line PRO101,SNK101 -->\nOh great. Buy now.\n"


async def test_allow_phrase_creates_config_and_relints(client: LanguageClient, tmp_path_factory: pytest.TempPathFactory) -> None:
    # outside every workspace folder, a new config goes beside the document (inside one: at its root)
    here = tmp_path_factory.mktemp("allow")
    uri = open_doc(client, here / "post.md", "Link in bio for the full story.\n")
    found = await diagnostics(client, uri, 1)
    bio = next(d for d in found if d.code == "PRO102")
    offered = await _actions(client, uri, 0, 2)
    command, arguments = next(c for a in offered if (c := _command(a)) and c[0] == "authlint.allowPhrase")
    assert list(arguments) == [uri, "Link in bio"]
    start = mark(client)
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=command, arguments=arguments))
    config = here / ".authlint.yaml"
    assert result == {"config": str(config)}
    assert "Link in bio" in config.read_text() and bio.message
    assert "PRO102" not in {d.code for d in await diagnostics(client, uri, 1, after=start)}
    # a second phrase goes into the same list, keeping the first
    replace_all(client, uri, "Oh great. Link in bio.\n", 2)
    await diagnostics(client, uri, 2, after=start)
    offered = await _actions(client, uri, 0, 1)
    command, arguments = next(c for a in offered if (c := _command(a)) and c[1] and c[1][1] == "Oh great")
    await client.workspace_execute_command_async(types.ExecuteCommandParams(command=command, arguments=arguments))
    assert config.read_text().count("- ") == 2


async def test_fix_all_safe(client: LanguageClient, workspace: Path) -> None:
    text = "BIG NEWS!!! Our new planner is here!!! Tell a friend.\n"
    uri = open_doc(client, folder(workspace, "fixall") / "post.md", text)
    await diagnostics(client, uri, 1)
    offered = await _actions(client, uri, 0, 0, ["source.fixAll"])
    action = next(a for a in offered if a.kind == "source.fixAll.authlint")
    after = apply_edits(text, action.edit.changes[uri])
    assert "!!!" not in after and after != text
    start = mark(client)
    replace_all(client, uri, after, 2)
    found = await diagnostics(client, uri, 2, after=start)
    again = await _actions(client, uri, 0, 0, ["source.fixAll"])
    assert not [a for a in again if a.kind == "source.fixAll.authlint"], found


async def test_config_reload_and_broken_config(client: LanguageClient, workspace: Path) -> None:
    here = folder(workspace, "reload")
    config = here / ".authlint.yaml"
    config.write_text("ignore: [PRO101]\n")
    uri = open_doc(client, here / "post.md", "Buy now. Oh great.\n")
    assert {d.code for d in await diagnostics(client, uri, 1)} >= {"SNK101"} and "PRO101" not in {
        d.code for d in client.diagnostics[uri]}
    start = mark(client)
    config.write_text("ignore: [SNK101]\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    codes = {d.code for d in await diagnostics(client, uri, 1, after=start)}
    assert "PRO101" in codes and "SNK101" not in codes
    start = mark(client)
    config.write_text("ignore: [SNK101\nselect: x\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    problem = await diagnostics(client, config.as_uri(), after=start)
    assert len(problem) == 1 and problem[0].severity == types.DiagnosticSeverity.Error
    assert "YAML syntax error" in problem[0].message
    assert await diagnostics(client, uri, 1, after=start) == []
    start = mark(client)
    config.write_text("ignore: [PRO101]\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    assert await diagnostics(client, config.as_uri(), after=start) == []
    assert "SNK101" in {d.code for d in await diagnostics(client, uri, 1, after=start)}


async def test_bad_rule_folder_is_one_diagnostic_on_the_rule(client: LanguageClient, workspace: Path) -> None:
    here = folder(workspace, "badrule")
    (here / "house").mkdir()
    rule = here / "house" / "TST001-broken.yaml"
    rule.write_text("code: TST001\nname: broken\n")
    (here / ".authlint.yaml").write_text("rules: [./house]\n")
    uri = open_doc(client, here / "post.md", "Oh great.\n")
    assert await diagnostics(client, uri, 1) == []
    problem = client.diagnostics[rule.resolve().as_uri()]
    assert len(problem) == 1 and "TST001" in problem[0].message


async def test_non_english_document(client: LanguageClient, workspace: Path) -> None:
    text = "Hola a todos, gracias por venir a la reunión de ayer. Nos vemos el próximo jueves en el centro.\n"
    uri = open_doc(client, folder(workspace, "spanish") / "post.md", text)
    found = await diagnostics(client, uri, 1)
    assert len(found) == 1 and found[0].code == "language"
    assert found[0].severity == types.DiagnosticSeverity.Information and "Spanish" in found[0].message


async def test_empty_document(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, folder(workspace, "empty") / "post.md", "")
    assert await diagnostics(client, uri, 1) == []
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert lenses[0].command.title.startswith("authlint score 100/100")


async def test_front_matter_error_is_one_diagnostic(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, folder(workspace, "front") / "post.md", "---\nplatform: [x\n---\nHello.\n")
    found = await diagnostics(client, uri, 1)
    assert len(found) == 1 and "front matter" in found[0].message and found[0].severity == types.DiagnosticSeverity.Error


async def test_large_document(client: LanguageClient, workspace: Path) -> None:
    paragraph = "We moved the meetup to Thursday. Oh great, the venue changed again. Thanks to Lina for the help!\n\n"
    text = (paragraph * (100_000 // len(paragraph) + 1))[:100_000]
    uri = open_doc(client, folder(workspace, "large") / "post.md", text)
    # the server keeps answering while the long check runs on its lint thread
    other = open_doc(client, workspace / "large" / "small.md", "Hello there.\n")
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=other)))
    assert lenses is None or isinstance(lenses, list)
    found = await diagnostics(client, uri, 1)
    last_line = text.count("\n")
    assert found and all(0 <= d.range.start.line <= last_line for d in found)
    assert "SNK101" in {d.code for d in found}
    over = open_doc(client, workspace / "large" / "over.md", "a" * 100_001)
    notice = await diagnostics(client, over, 1)
    assert len(notice) == 1 and notice[0].code == "too-long"


async def test_utf16_positions_emoji_crlf(client: LanguageClient, workspace: Path) -> None:
    text = "👨‍👩‍👧 家族 🎉\r\nOh great, another update.\r\n"
    uri = open_doc(client, folder(workspace, "utf16") / "post.txt", text, "plaintext")
    sarcasm = next(d for d in await diagnostics(client, uri, 1) if d.code == "SNK101")
    assert sarcasm.range.start == types.Position(line=1, character=0)
    assert sarcasm.range.end == types.Position(line=1, character=8)
    text2 = "🎉🎉 Oh great, another update.\n"
    start = mark(client)
    replace_all(client, uri, text2, 2)
    sarcasm = next(d for d in await diagnostics(client, uri, 2, after=start) if d.code == "SNK101")
    assert sarcasm.range.start == types.Position(line=0, character=5)  # two emoji = four UTF-16 units, then a space
    assert sarcasm.range.end == types.Position(line=0, character=13)
