"""The mkdocs side: the hooks (``pages``, loaded through ``mkdocs_hooks.py``, which mkdocs.yml
names), the downloads, the feed, page history from git, what `mkdocs serve` reuses, and the
reviewers' preview."""
