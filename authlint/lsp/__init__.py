"""The language server (``authlint lsp``): diagnostics, hover, code actions and a score lens in editors.

Modules, one job each: :mod:`~authlint.lsp.positions` (offsets <-> LSP positions),
:mod:`~authlint.lsp.lint` (a document -> a report, as ``authlint check`` would),
:mod:`~authlint.lsp.configs` (config discovery, one Linter per config),
:mod:`~authlint.lsp.diagnostics`, :mod:`~authlint.lsp.actions`, :mod:`~authlint.lsp.allow`,
:mod:`~authlint.lsp.hover`, :mod:`~authlint.lsp.state` (versions, staleness),
:mod:`~authlint.lsp.worker` (the lint thread) and :mod:`~authlint.lsp.server` (the handlers).
pygls is imported only by the server, so ``authlint check`` never loads it.
"""
