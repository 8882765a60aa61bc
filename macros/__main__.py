"""`python -m macros check [DIR] [--strict]`: check every plan, print every problem.
`python -m macros changes [--base REF] [--format markdown]`: what a change to the plans does.

Prints one line per problem (`path:line:col: error: message`), then a count; exits 1 when
there is an error (or, with --strict, a warning). With GITHUB_ACTIONS=true it also prints
workflow annotations so the messages appear on the pull request's changed lines.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .commands import changes_cli, roundcli
from .plans.load import check, display_path, plans_dir
from .plans.problems import more_line, others_line, shown, this_plan_first


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("check", help="check the plans")
    cmd.add_argument("folder", nargs="?", help="folder of plans (default: $PLANS_DIR or plans/)")
    cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    cmd.add_argument("--only", metavar="ID", help="list this plan's problems first (its file ID.yaml) and "
                                                  "count the other files' problems in one line")
    changes = sub.add_parser("changes", help="what the plans in the working tree change, in plain words")
    changes_cli.add_arguments(changes)
    roundcli.add(sub)
    args = parser.parse_args(argv)
    if args.command == "changes":
        return changes_cli.run(args)
    if args.command in roundcli.COMMANDS:
        return roundcli.run(args)

    folder = Path(args.folder) if args.folder else plans_dir()
    site, problems = check(folder)
    mine, others = this_plan_first(problems, args.only) if args.only else (problems, [])
    listed, hidden = shown(mine)  # at most MAX_PROBLEMS_SHOWN in full; the rest counted
    for p in listed:
        print(p.format())
    if hidden:
        print(more_line(hidden))
    if others:
        print(others_line(others, args.only))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in listed:
            print(p.annotation())
    n_err = sum(p.level == "error" for p in problems)
    n_warn = len(problems) - n_err
    plans = len(site.organisations) if site else 0
    # Other tools and tests read this line: keep its wording.
    print(f"{n_err} error(s), {n_warn} warning(s) in {display_path(folder)}"
          + (f"; {plans} organisation plan(s) ready to publish" if site else "; nothing can be published")
          + ("; --strict: the warnings must be fixed too" if args.strict and n_warn else ""))
    return 1 if n_err or (args.strict and n_warn) else 0


if __name__ == "__main__":
    sys.exit(main())
