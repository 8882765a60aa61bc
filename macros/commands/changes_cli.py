"""`python -m macros changes [--base REF] [--format text|markdown]`: what the plans in the working
tree change, compared with the plans at a git revision (default: where the branch left main)."""
from __future__ import annotations

import os
from pathlib import Path

from ..changes_since import collect, statuses, today  # noqa: F401 (shared with the preview)
from ..plans import gitplans
from ..plans.load import plans_dir
from ..plans.problems import escape
from . import changes_report


def add_arguments(cmd) -> None:
    cmd.add_argument("--base", help="the git revision to compare with (default: the merge-base of "
                                    "HEAD and main)")
    cmd.add_argument("--format", choices=("text", "markdown"), default="text",
                     help="plain text (default) or Markdown for a GitHub job summary")
    cmd.add_argument("--site-url", default=os.environ.get("SITE_URL", ""),
                     help="the site's address, for links (default: $SITE_URL)")
    cmd.add_argument("folder", nargs="?", help="folder of plans (default: $PLANS_DIR or plans/)")


def run(args) -> int:
    folder = Path(args.folder) if args.folder else plans_dir()
    try:
        found, base = collect(folder, args.base)
    except gitplans.GitError as exc:
        message = escape(f"cannot compare the plans with git: {exc}")
        print(f"**{message}**" if args.format == "markdown" else message)
        return 2
    if args.format == "markdown":
        print(changes_report.markdown(found, base, args.site_url), end="")
    else:
        print(changes_report.text(found, base, args.site_url), end="")
    return 0
