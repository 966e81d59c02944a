"""The statistical pipeline multiplies matrices through numpy's BLAS, on one thread, and leaves
the thread setting of the program that imported authlint as it found it."""

from __future__ import annotations

import pytest
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

from authlint import Linter
from authlint.nlp.blas import OneThread, SingleThreaded


def _uses_numpy_gemm(component) -> bool:
    return all(isinstance(node.ops, NumpyOps) and not node.ops.use_blis for node in component.model.walk())


def _blas_threads(controller: ThreadpoolController) -> list[int]:
    return [lib.num_threads for lib in controller.select(user_api="blas").lib_controllers]


@pytest.fixture(scope="module")
def controller() -> ThreadpoolController:
    found = ThreadpoolController()
    if not found.select(user_api="blas").lib_controllers:
        pytest.skip("numpy was built without a BLAS threadpoolctl can see")
    return found


def test_every_statistical_component_uses_numpy_gemm():
    linter = Linter()
    nlp = linter.analyzer.nlp
    models = [(name, proc) for name, proc in nlp.pipeline if hasattr(getattr(proc, "model", None), "walk")]
    assert {"tok2vec", "tagger", "parser"} <= {name for name, _ in models}
    for name, proc in models:
        assert _uses_numpy_gemm(proc), name
    # The entity recognizer loads on first use: it is switched over then.
    assert any(f.rule == "IMP206" for f in linter.check("I am Elon Musk and I will double your BTC.").findings)
    ((_, lazy),) = linter.analyzer._lazy
    assert lazy._proc is not None and _uses_numpy_gemm(lazy._proc)


def test_one_thread_inside_and_the_callers_setting_after(controller, monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)  # a process that did not start single-threaded
    seen: list[list[int]] = []

    class Spy:
        def __call__(self, doc):
            seen.append(_blas_threads(controller))
            return doc

        def pipe(self, docs, batch_size=64):
            seen.append(_blas_threads(controller))
            return iter(list(docs))

    with controller.limit(limits=2, user_api="blas"):
        wrapped = OneThread(Spy(), SingleThreaded())
        assert list(wrapped.pipe(["a", "b"])) == ["a", "b"]
        assert wrapped("c") == "c"
        assert _blas_threads(controller) == [2] * len(seen[0])
    assert seen and all(threads == [1] * len(threads) for threads in seen)


def test_checking_a_post_leaves_the_thread_setting_alone(controller, monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    linter = Linter()
    with controller.limit(limits=2, user_api="blas"):
        report = linter.check("Buy now! Limited stock, subscribe today.")
        assert _blas_threads(controller) == [2] * len(_blas_threads(controller))
    assert any(f.rule == "PRO101" for f in report.findings)


def test_a_process_started_single_threaded_needs_no_limit(monkeypatch):
    """The CLI starts BLAS on one thread (environment read when numpy loads): no per-call limit."""
    from authlint.nlp.blas import ONE_THREAD_ENV

    for name, value in ONE_THREAD_ENV.items():
        monkeypatch.setenv(name, value)
    limit = SingleThreaded()
    with limit():
        pass
    assert limit._controller is None


def test_the_cli_starts_blas_single_threaded(tmp_path):
    import subprocess
    import sys

    post = tmp_path / "p.md"
    post.write_text("Buy now! Subscribe today.", encoding="utf-8")
    probe = (
        "import os, sys; from authlint.cli import main; sys.argv = ['authlint', 'check', sys.argv[1], '--no-cache'];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "from threadpoolctl import threadpool_info\n"
        "print('THREADS', sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}))"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", probe, str(post)], capture_output=True, text=True, env=env).stdout
    assert "THREADS [1]" in out
