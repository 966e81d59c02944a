"""Scoring with a learned linear model: features, the model file format, explanations.

Inference only (numpy, no scikit-learn), and below the ``classifier`` detector in the stage
order so it can use it; training lives in :mod:`authlint.learn` (the top layer), which
re-exports these modules under ``authlint.detectors.learned.features``, ``.model`` and ``.explain``.
"""
