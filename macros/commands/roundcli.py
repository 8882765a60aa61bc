"""The progress-round commands of ``python -m macros``.

    python -m macros workbook <id> [--out FILE.xlsx | FILE.csv] [--format xlsx|csv] [--return-by YYYY-MM-DD]
    python -m macros import-updates <id> FILE.xlsx|FILE.csv [--date YYYY-MM-DD] [--report TITLE [--meeting NAME]]

``workbook`` writes one plan's progress round for its action owners to fill in;
``import-updates`` appends the filled-in rows to the plan as dated progress updates, or, if any
row is wrong, writes nothing and prints every problem by sheet row and column.
"""
from __future__ import annotations

import datetime as dt
import shlex
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
    cmd.add_argument("--return-by", help="the date the owners should send it back by, YYYY-MM-DD (default: "
                                         "two weeks from today)")
    cmd = sub.add_parser("import-updates", help="add a filled-in progress round to a plan")
    cmd.add_argument("id", help="the plan's id (its file name without .yaml)")
    cmd.add_argument("file", help="the filled-in .xlsx or .csv file")
    cmd.add_argument("--date", help="the date of the updates, YYYY-MM-DD (default: today)")
    cmd.add_argument("--report", help="record the round as a progress report with this title (as printed on "
                                      "it), dated --date, in the same write as the updates")
    cmd.add_argument("--meeting", help="with --report: the meeting or board the report went to")


def run(args) -> int:
    from . import importer  # (it imports openpyxl: not for the other commands)

    folder = load.plans_dir()
    if args.command == "workbook":
        return _workbook(folder, args)
    result = importer.import_updates(folder, args.id, Path(args.file), args.date, report=args.report or "",
                                     meeting=args.meeting or "")
    listed, others = importer.this_plan_first(result.problems, args.id)
    for problem in listed:
        print(problem.format())
    if others:
        print(importer.others_line(others, args.id))
    title = escape(repr(" ".join((args.report or "").split())))
    recorded = {"added": f", and the progress report {title} recorded",
                "already": f" (the progress report {title} is recorded already)"}.get(result.report, "")
    if result.written:
        print(f"{result.added} update(s) added to {result.plan}{recorded}: review them with git diff, then "
              "commit and open a pull request")
        return 0
    n_err = sum(p.level == "error" for p in result.problems)
    if n_err:
        print(f"{n_err} error(s): nothing was written to {result.plan}")
        return 1
    if result.already:
        print(f"nothing to add: every filled-in row of {escape(args.file)} is already in {result.plan}{recorded}")
        return 0
    print(f"no updates in {escape(args.file)} (every row's fill-in columns are blank): nothing was written")
    return 0


def _workbook(folder: Path, args) -> int:
    from . import importer, workbook  # openpyxl is only needed here

    site, actions, _, name, problems = importer.load_plan(folder, args.id)
    if problems:
        listed, others = importer.this_plan_first(problems, args.id)
        for problem in listed:
            print(problem.format())
        if others:
            print(importer.others_line(others, args.id))
        print("nothing was written: fix the plans first")
        return 1
    today = dt.date.today().isoformat()
    return_by = args.return_by or (dt.date.today() + dt.timedelta(days=14)).isoformat()
    if not importer.is_day(return_by) or return_by < today:
        print(f"error: --return-by must be a date written YYYY-MM-DD, today or later; found "
              f"{escape(repr(return_by))}: nothing was written")
        return 1
    fmt = args.format or ("csv" if args.out and args.out.lower().endswith(".csv") else "xlsx")
    out = Path(args.out or f"{args.id}-progress-round-{today}.{fmt}")
    try:
        data = workbook.xlsx(site, args.id, name, actions, today, return_by) if fmt == "xlsx" \
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
    back = f", to come back by {return_by}" if fmt == "xlsx" else ""
    print(f"wrote {out}: {len(actions)} action(s) of {name}; send it to the action owners{back}, then run "
          f"python -m macros import-updates {args.id} {shlex.quote(str(out))} --date YYYY-MM-DD "
          "--report \"TITLE\" (the date and title of the progress report the updates go to)")
    return 0
