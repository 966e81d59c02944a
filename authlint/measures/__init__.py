"""Registered measures that ``metric`` detectors compare with a threshold (length, sentiment
contrast, readability, platform limits).

May import ``nlp`` and the layers below it.
"""
