"""The result cache on disk: checksummed entries, fingerprints of what a report depends on,
and validated config files kept between runs.

May import ``engine`` and the layers below it.
"""
