"""Entry point named in mkdocs.yml `hooks:`. MkDocs loads hook files by path, so this file
only puts the project on sys.path and re-exports the hooks from the `macros` package (the
same module instance mkdocs-macros imports)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from macros.site.pages import (on_build_error, on_config, on_env, on_files, on_page_content, on_page_markdown,  # noqa: E402,F401
                               on_page_context, on_post_build, on_post_page, on_post_template, on_pre_page, on_serve,
                               on_startup)
