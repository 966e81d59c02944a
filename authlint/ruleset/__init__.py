"""Rules as data: the YAML schema, loading rule folders with precise errors, selecting rules
by code/name/category, the meta rules, and running each rule's own examples.

May import ``detectors`` and the layers below them.
"""
