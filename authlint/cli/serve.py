"""``authlint serve``: the local web page for writers and its HTTP API (:mod:`authlint.web`).

The server loads the config the way ``authlint check`` would for the current folder (or
``--config``), builds one Linter, loads spaCy before it listens, and binds 127.0.0.1 unless
told otherwise: another address needs ``--allow-remote``, because anyone who can reach it can
use the server (it reads no files on their behalf, but it spends this machine's CPU).
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import click

from authlint.cli.common import fail
from authlint.errors import AuthlintError

DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """Does ``host`` (a name or address) only ever mean this machine?"""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: any free one), so the URL printed is the real one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--allow-remote", is_flag=True, help="Allow listening on an address other machines can reach.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use (no discovery).")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra folder of YAML rules (repeatable).")
def serve(host: str, port: int, allow_remote: bool, config_path: str | None, rule_dirs: tuple[str, ...]) -> None:
    """Serve a local page to paste drafts into, and the HTTP API behind it (see docs/web.md)."""
    local = is_loopback(host)
    if not local and not allow_remote:
        fail(f"--host {host} is reachable from other machines; pass --allow-remote to listen there anyway")
    if not local:
        click.echo(f"authlint: warning: listening on {host}: anyone who can reach this machine can use the server", err=True)
    try:
        from authlint.settings.config import Config, find_config, load_config

        found = Path(config_path) if config_path else find_config(Path.cwd())
        config = load_config(found) if found is not None else Config()
        if rule_dirs:
            config = config.replace(rules=[*config.rules, *map(Path, rule_dirs)])
        import uvicorn

        from authlint.engine.linter import Linter
        from authlint.web.api import LintService
        from authlint.web.app import LOOPBACK_HOSTS, create_app

        click.echo("authlint: loading the rules and the spaCy model...", err=True)
        service = LintService(Linter(config, claims=True))
        service.warm_up()
    except AuthlintError as exc:
        fail(str(exc))
    app = create_app(service, allowed_hosts=LOOPBACK_HOSTS if local else None)
    sock = _listen(host, port)
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    click.echo(f"authlint: serving http://{shown}:{sock.getsockname()[1]}/ (Ctrl+C stops)")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    server.run(sockets=[sock])
