"""The progress-round commands of ``python -m macros``.

    python -m macros workbook <id> [--out FILE.xlsx | FILE.csv] [--format xlsx|csv]
    python -m macros import-updates <id> FILE.xlsx|FILE.csv [--date YYYY-MM-DD]

``workbook`` writes one plan's progress round for its action owners to fill in;
``import-updates`` appends the filled-in rows to the plan as dated progress updates, or, if any
row is wrong, writes nothing and prints every problem by sheet row and column.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..plans import load
from ..plans.problems import escape

COMMANDS = ("workbook", "import-updates")


def add(sub) -> None:
    """Add the two subcommands to ``python -m macros``'s parser."""
    cmd = sub.add_parser("workbook", help="write a progress round (.xlsx or .csv) for one plan")
    cmd.add_argument("id", help="the plan's id (its file name without .yaml)")
    cmd.add_argument("--out", help="the file to write (default: <id>-progress-round-<today>.xlsx)")
    cmd.add_argument("--format", choices=("xlsx", "csv"),
                     help="xlsx (a workbook with drop-down lists) or csv (default: from --out, else xlsx)")
    cmd = sub.add_parser("import-updates", help="add a filled-in progress round to a plan")
    cmd.add_argument("id", help="the plan's id (its file name without .yaml)")
    cmd.add_argument("file", help="the filled-in .xlsx or .csv file")
    cmd.add_argument("--date", help="the date of the updates, YYYY-MM-DD (default: today)")


def run(args) -> int:
    from . import importer  # (it imports openpyxl: not for the other commands)

    folder = load.plans_dir()
    if args.command == "workbook":
        return _workbook(folder, args)
    result = importer.import_updates(folder, args.id, Path(args.file), args.date)
    for problem in result.problems:
        print(problem.format())
    if result.written:
        print(f"{result.added} update(s) added to {result.plan}: review them with git diff, then "
              "commit and open a pull request")
        return 0
    n_err = sum(p.level == "error" for p in result.problems)
    if n_err:
        print(f"{n_err} error(s): nothing was written to {result.plan}")
        return 1
    print(f"no updates in {escape(args.file)} (every row's fill-in columns are blank): nothing was written")
    return 0


def _workbook(folder: Path, args) -> int:
    from . import importer, workbook  # openpyxl is only needed here

    site, actions, _, name, problems = importer.load_plan(folder, args.id)
    if problems:
        for problem in problems:
            print(problem.format())
        print("nothing was written: fix the plans first")
        return 1
    today = dt.date.today().isoformat()
    fmt = args.format or ("csv" if args.out and args.out.lower().endswith(".csv") else "xlsx")
    out = Path(args.out or f"{args.id}-progress-round-{today}.{fmt}")
    try:
        data = workbook.xlsx(site, args.id, name, actions, today) if fmt == "xlsx" \
            else workbook.csv_text(site, actions).encode("utf-8-sig")
    except workbook.CellError as exc:
        print(f"error: {exc}: change that value in the plan, or use --out FILE.csv; nothing was written")
        return 1
    try:
        out.write_bytes(data)
    except OSError as exc:
        print(f"error: {out} cannot be written ({exc.strerror}): check the folder exists and the file is "
              "not open in another program")
        return 1
    print(f"wrote {out}: {len(actions)} action(s) of {name}; send it to the action owners, then run "
          f"python -m macros import-updates {args.id} {out}")
    return 0
