"""The wheel ships the rules, so `pip install authlint` users get them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_every_rule(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("authlint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.removeprefix("authlint/rules/") for n in names if n.startswith("authlint/rules/") and n.endswith(".yaml")}
    in_repo = {str(p.relative_to(ROOT / "rules")) for p in (ROOT / "rules").rglob("*.yaml")}
    assert in_repo and shipped == in_repo
    assert "authlint/py.typed" in names
    # `authlint serve` and `authlint report` need their page, templates and API description.
    web = {"static/index.html", "static/app.js", "static/app.css", "openapi.yaml", "templates/report.html.j2",
           "templates/charts.html.j2", "templates/report.css"}
    assert {f"authlint/web/{n}" for n in web} <= names
