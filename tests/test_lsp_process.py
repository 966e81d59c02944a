"""The server as a process: a client that vanishes mid-request, TCP on loopback, bad arguments."""

from __future__ import annotations

import asyncio
import socket
import subprocess
from pathlib import Path

import pytest
from lsp_helpers import ENV, SERVER, diagnostics, initialize, open_doc, recording_client
from lsprotocol import types


@pytest.mark.asyncio
async def test_client_disconnects_mid_request(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    client = recording_client()
    await client.start_io(*SERVER, env=ENV)
    server = client._server
    await initialize(client, tmp_path)
    quick = open_doc(client, tmp_path / "quick.md", "Oh great.\n")
    await diagnostics(client, quick, 1)  # spaCy loaded: the server is fully up
    # distinct paragraphs, so no block comes from the cache: the check takes seconds, not ms
    slow = open_doc(client, tmp_path / "long.md",
                    "".join(f"Oh great, the venue changed again ({i}). Buy now!!!\n\n" for i in range(1200)))
    pending = asyncio.ensure_future(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=slow),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=1)),
        context=types.CodeActionContext(diagnostics=[]))))
    await asyncio.sleep(0.5)  # the request is waiting for the check of the long document
    assert not pending.done()
    server.stdin.close()  # the editor is gone, without shutdown or exit
    returncode = await asyncio.wait_for(server.wait(), timeout=30)
    pending.cancel()
    await asyncio.sleep(0.1)
    assert returncode == 0
    err = capfd.readouterr().err
    assert "Traceback" not in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as /proc/net/tcp writes them) listening on ``port``."""
    rows = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":
                rows.append(address)
    return rows


@pytest.mark.asyncio
async def test_tcp_binds_loopback_by_default(tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen([*SERVER, "--tcp", str(port)], env=ENV, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            if _listening(port):
                break
            await asyncio.sleep(0.05)
        assert _listening(port) == ["0100007F"]  # 127.0.0.1, nothing else
        client = recording_client()
        await client.start_tcp("127.0.0.1", port)
        result = await initialize(client, tmp_path)
        assert result.server_info.name == "authlint"
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    finally:
        process.kill()
        process.wait()


@pytest.mark.parametrize("address", ["nonsense", "127.0.0.1:0", "host:99999"])
def test_bad_tcp_address_is_one_line(address: str) -> None:
    done = subprocess.run([*SERVER, "--tcp", address], env=ENV, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"authlint: error: --tcp: '{address}' is not HOST:PORT with a port from 1 to 65535"]
