"""Running rules on posts: the ``Linter`` facade, binding rules to spaCy matchers, suggestions,
suppressions, the per-post watchdog and the process pool.

May import every layer below ``cache``.
"""
