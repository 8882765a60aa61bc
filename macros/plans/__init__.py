"""Reading and checking plans: strict YAML, the plan format (schema.json), the limits, the
checks on text, links, ids and progress updates, the problems they report, dates, and the
cache of read-and-checked plans. ``load.check(folder)`` is the entry point. No mkdocs here."""
