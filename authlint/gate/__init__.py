"""Deciding cheaply which posts a rule could match and which need the tagger or parser:
prefilters derived from the rules, regex literals and the staged scheduler.

May import ``detectors`` and the layers below them.
"""
