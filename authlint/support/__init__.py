"""Small helpers every stage uses: lazy exports, iteration, packaged data and word lists, YAML.

Imports nothing else from authlint but ``authlint.errors``.
"""
