"""Getting posts in and out: finding files, reading text safely, bulk rows, masking Markdown to
prose with exact offsets, line/column positions and atomic writes.

May import ``support`` and ``settings``.
"""
