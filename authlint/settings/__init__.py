"""What the user configured: the config model, reading and validating config files, author
profiles, disclosure settings and platform names/profiles.

May import ``support`` and ``errors``/``severity`` only.
"""
