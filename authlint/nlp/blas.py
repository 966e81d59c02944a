"""Matrix products of the statistical pipeline through numpy's BLAS, on one thread.

spaCy's CPU backend (thinc's ``NumpyOps``) multiplies matrices with its bundled BLIS. For the
shapes of ``en_core_web_sm`` (a few thousand tokens by 96-288 features) numpy's OpenBLAS is
about three times faster on the machines we measured, and the tok2vec layer is mostly
matrix products. ``NumpyOps(use_blis=False)`` hands them to numpy, the same route
``thinc-apple-ops`` takes to Apple's Accelerate. The weights are the model's own; only the
order of floating-point additions changes (as it does between BLIS builds for different
CPUs), which changed one dependency label in about a thousand posts we compared.

One thread: authlint parallelises over processes (``--jobs``), and threads inside each
worker would only fight over the same cores. The limit holds while authlint runs a
component and is restored after, so a program that imports authlint keeps its own setting.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def use_numpy_blas(component: Any) -> None:
    """Route the matrix products of one pipeline component's model through numpy."""
    from thinc.api import NumpyOps

    model = getattr(component, "model", None)
    if model is None or not hasattr(model, "walk"):
        return
    if type(model.ops) is not NumpyOps:  # another backend (GPU, Apple): leave it alone
        return
    ops = NumpyOps(use_blis=False)
    for node in model.walk():
        node.ops = ops


def adopt(nlp: Language) -> None:
    """:func:`use_numpy_blas` for every component of ``nlp``."""
    for _, component in nlp.pipeline:
        use_numpy_blas(component)


#: Environment that starts numpy's BLAS (OpenBLAS in PyPI wheels, MKL in some builds) on one thread.
ONE_THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def one_thread_from_start() -> None:
    """For a process authlint owns (the CLI), before numpy is imported: BLAS starts with one
    thread, so no thread pool is created and no limit needs setting per call. Values the user
    set are kept."""
    for name, value in ONE_THREAD_ENV.items():
        os.environ.setdefault(name, value)


def _started_single() -> bool:
    return all(os.environ.get(name) == value for name, value in ONE_THREAD_ENV.items())


class SingleThreaded:
    """A context manager factory: BLAS on one thread inside, the caller's setting restored after.

    Finding the loaded BLAS libraries costs a few milliseconds, so it happens on first use, and
    not at all in a process whose BLAS started single-threaded (:func:`one_thread_from_start`).
    """

    def __init__(self) -> None:
        self._controller: Any = None

    def __call__(self) -> AbstractContextManager[Any]:
        if self._controller is None:
            if _started_single():
                return nullcontext()
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:  # pragma: no cover - a declared dependency; degrade, never fail
                return nullcontext()
            self._controller = ThreadpoolController()
        return self._controller.limit(limits=1, user_api="blas")


class OneThread:
    """A pipeline component run under :class:`SingleThreaded`."""

    def __init__(self, component: Any, limit: SingleThreaded) -> None:
        self.component, self._limit = component, limit

    def __call__(self, doc: Doc) -> Doc:
        with self._limit():
            return self.component(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        docs = list(docs)
        with self._limit():
            done = list(self.component.pipe(docs, batch_size=batch_size))
        return iter(done)
