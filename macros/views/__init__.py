"""Pure functions from the site's data (``macros.model``) to the view-models the templates
print, one module per page family. No mkdocs and no I/O here."""
