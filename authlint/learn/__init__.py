"""Learned detectors: features, linear models, calibration, explanation and training.

Inference (:mod:`features`, :mod:`model`, :mod:`explain`) needs numpy only and imports nothing
above :mod:`authlint.nlp`, so the ``classifier`` detector can use it; training
(:mod:`train`, :mod:`calibrate`, :mod:`store`, :mod:`data`) imports scikit-learn lazily and is
used by ``authlint train`` and the bench scripts, never by ``authlint check``.
"""
