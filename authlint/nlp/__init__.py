"""spaCy: model resolution and loading, the staged pipeline, the social-media tokenizer,
sentences, per-post views of a Doc, the language guess and the BLAS/attribute-ruler speed-ups.

May import ``support``, ``settings`` and ``io``.
"""
