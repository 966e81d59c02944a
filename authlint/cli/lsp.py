"""``authlint lsp``: run the language server for editors (stdio by default, or ``--tcp HOST:PORT``)."""

from __future__ import annotations

import logging

import click

from authlint.cli.common import fail

DEFAULT_HOST = "127.0.0.1"


def parse_address(value: str) -> tuple[str, int]:
    """``PORT``, ``:PORT`` or ``HOST:PORT`` -> (host, port); the host defaults to 127.0.0.1."""
    host, sep, port = value.rpartition(":")
    if not sep:
        host, port = "", value
    host = host.strip("[]") or DEFAULT_HOST
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--tcp: '{value}' is not HOST:PORT with a port from 1 to 65535")
    return host, int(port)


@click.command(name="lsp")
@click.option("--tcp", "address", default=None, metavar="HOST:PORT",
              help="Listen on TCP instead of stdio (host defaults to 127.0.0.1).")
@click.option("--debounce", type=click.FloatRange(0, 10), default=None,
              help="Seconds to wait after a change before checking [default: 0.01].")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, help="Write the server's log here.")
def lsp_command(address: str | None, debounce: float | None, log_file: str | None) -> None:
    """Run the authlint language server (diagnostics, hover, quick fixes) for editors."""
    try:
        from authlint.lsp.server import DEBOUNCE, Options, build_server
    except ImportError as exc:  # pygls is an optional extra
        fail(f"the language server needs pygls and lsprotocol ({exc.name} is missing); install authlint[lsp]")
    if log_file:
        logging.basicConfig(filename=log_file, level=logging.INFO)
    else:
        logging.getLogger("pygls").setLevel(logging.WARNING)
    try:
        host, port = parse_address(address) if address else (DEFAULT_HOST, 0)
    except ValueError as exc:
        fail(str(exc))
    server = build_server(Options(debounce=DEBOUNCE if debounce is None else debounce))
    if address:
        try:
            server.start_tcp(host, port)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    else:
        server.start_io()
