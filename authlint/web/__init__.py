"""authlint in the browser: ``authlint serve`` (a local page and its HTTP API) and the
self-contained HTML report of ``authlint report``.

* :mod:`authlint.web.api` turns HTTP request bodies into Linter calls and reports into the JSON
  of ``--format json`` (no Starlette in it, so it is testable and reusable on its own);
* :mod:`authlint.web.app` is the Starlette application: routes, limits, JSON errors, headers;
* :mod:`authlint.web.report` renders a finished run as one HTML file (jinja2 templates).

Starlette, uvicorn and jinja2 are imported only by these modules, never by ``authlint check``.
"""
