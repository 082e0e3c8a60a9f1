"""Roer's guidance as data: guides (``guides/*.md``) and pathways (``pathways/*.toml``).

- ``content.loader.load_library()`` reads and validates every file into a ``Library``.
- ``content.render`` turns Markdown into safe HTML and into plain text for search.
- ``content.check.main()`` is ``roer content check``: every problem, one per line.

The file format is described in CONTENT-FORMAT.md; ``content.model`` is its exact shape.
"""
