"""Training learned detectors: calibration, training, model folders, model cards.

Scoring (features, the model format, explanations) lives in :mod:`authlint.detectors.learned`,
below the ``classifier`` detector in the stage order; :mod:`authlint.learn.features`,
``.model`` and ``.explain`` re-export it. Training imports scikit-learn and scipy lazily and
is used by ``authlint train`` and the bench scripts, never by ``authlint check``.
"""
