"""Plain results and what is computed from them alone: findings and reports, scores, applying
fixes to text and evaluation metrics over labelled posts.

May import ``support``, ``settings`` and ``claims.model`` (plain data).
"""
