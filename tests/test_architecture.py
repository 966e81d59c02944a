"""The package's shape is enforced, not hoped for: no import cycles, and stages import downward only.

Every import counts, including imports inside functions (grimp reads them all); imports under
``TYPE_CHECKING`` are annotations only and never run, so they are left out. docs/architecture.md
draws the same layers.
"""

from __future__ import annotations

import grimp
import pytest

#: Lowest first. A module may import modules of its own layer or of layers before it.
LAYERS: list[set[str]] = [
    {"authlint.errors", "authlint.severity", "authlint._version", "authlint.support"},
    {"authlint.settings"},
    {"authlint.io"},
    {"authlint.nlp"},
    {"authlint.claims"},
    {"authlint.report"},
    {"authlint.measures"},
    {"authlint.gate"},
    {"authlint.detectors"},
    {"authlint.ruleset"},
    {"authlint.cache"},
    {"authlint.engine"},
    {"authlint.formatters"},
    {"authlint.learn", "authlint.lsp", "authlint.web", "authlint.batch", "authlint.dask"},
    # the command line, and one-release shims for the old documented paths
    {"authlint.cli", "authlint.__main__", "authlint.results", "authlint.config"},
]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("authlint", include_external_packages=False, exclude_type_checking_imports=True)


def _layer(module: str) -> int | None:
    for depth, layer in enumerate(LAYERS):
        if any(module == top or module.startswith(top + ".") for top in layer):
            return depth
    return None


def test_every_module_belongs_to_a_layer(graph: grimp.ImportGraph) -> None:
    orphans = sorted(m for m in graph.modules if m != "authlint" and _layer(m) is None)
    assert not orphans, f"add these to a layer in LAYERS and docs/architecture.md: {orphans}"


def test_no_module_imports_a_later_layer(graph: grimp.ImportGraph) -> None:
    upward = []
    for importer in sorted(graph.modules):
        low = _layer(importer)
        for imported in graph.find_modules_directly_imported_by(importer):
            high = _layer(imported)
            if low is not None and high is not None and high > low:
                lines = [d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported)]
                upward.append(f"{importer} -> {imported} (line {lines[0]})")
    assert not upward, "imports against the layer order:\n" + "\n".join(upward)


def test_nothing_imports_the_package_root_or_the_cli(graph: grimp.ImportGraph) -> None:
    """The root only re-exports the public API; the CLI is the top. Inside the package, modules
    import each other by their real homes."""
    for target in ("authlint", "authlint.cli", "authlint.results", "authlint.config"):
        importers = sorted(
            m for m in graph.find_modules_that_directly_import(target) if not m.startswith(("authlint.cli", "authlint.__main__"))
        )
        assert not importers, f"{target} is imported by {importers}"


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append(f"{module} <-> {imported}")
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
