"""The result cache on disk: checksummed entries, fingerprints of what a report depends on,
validated config files kept between runs, and the file index (unchanged post files by stat).

May import ``ruleset`` and the layers below it (``engine`` sits above and uses it).
"""
