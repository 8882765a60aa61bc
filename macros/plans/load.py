"""Read and check every plan in a folder, and the reference data.

``check(folder)`` returns the site's data and every problem found in every file. Nothing
here imports mkdocs: the same function serves ``python -m macros check``, the mkdocs build
and the tests.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import gc
import os
import re
from pathlib import Path

from .. import progress
from ..model import (Action, Assurance, EditorsMark, GovernmentResponse, Group, JointResponse, Link, Organisation,
                    PartnerPriorities, Passage, Provenance, Quote, Recommendation, Report, Site, Status,
                    Succession, SuccessionStep, Theme, Update, WorkStream)
from . import assurancecheck, colours, dates, limits, links, plancache, planfiles, progresscheck, schema, slips, textcheck, yamlread
from .problems import Problem

PROJECT = Path(__file__).resolve().parents[2]
REFERENCE = PROJECT / "macros" / "data"
MODELINE = "# yaml-language-server: $schema="


def plans_dir() -> Path:
    """The folder of organisation plans: $PLANS_DIR when set, else plans/."""
    return Path(os.environ.get("PLANS_DIR") or PROJECT / "plans")


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


class _File:
    """One YAML file read strictly, with helpers to place problems on its lines."""

    def __init__(self, path: Path, problems: list, raw: bytes | None = None):
        self.path = path
        self.name = display_path(path)
        self.problems = problems
        self.progress_problems: list = []  # (see _read_plan)
        if raw is None:
            raw, why = planfiles.read_bytes(path)
            if raw is None:
                self._refuse(1, 1, why)
                return
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            before = raw[:exc.start]
            line = before.count(b"\n") + 1
            col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
            self.doc = yamlread.Document()
            self.doc.problems.append(Problem(
                self.name, line, col, "error",
                "this file is not plain text saved as UTF-8 (it may be a Word, PDF or spreadsheet "
                "file, or text saved in another encoding): save the plan as plain UTF-8 text"))
            problems.extend(self.doc.problems)
            return
        found = textcheck.raw_problems(text)
        for line, col, message in found:
            self._refuse(line, col, message)
        if found:
            return
        self.doc = yamlread.read(self.name, text)  # (which measures the depth first)
        problems.extend(self.doc.problems)

    def _refuse(self, line: int, col: int, message: str) -> None:
        """An error that stops the file being read any further."""
        if not hasattr(self, "doc"):
            self.doc = yamlread.Document()
        problem = Problem(self.name, line, col, "error", message)
        self.doc.problems.append(problem)
        self.problems.append(problem)

    @property
    def readable(self) -> bool:
        return not any(p.level == "error" and p.path == self.name for p in self.doc.problems)

    def error(self, line: int, col: int, message: str, level: str = "error") -> None:
        self.problems.append(Problem(self.name, line, col, level, message))

    def at(self, path, point: str = "value") -> tuple[int, int]:
        path = tuple(path)
        if point == "key" and path in self.doc.key_at:
            return self.doc.key_at[path]
        while path and path not in self.doc.value_at:
            path = path[:-1]
        return self.doc.value_at.get(path, (1, 1))

    def validate(self, definition: str) -> bool:
        found = schema.messages(definition, self.doc.data, empty=self.doc.empty)
        for path, point, message in found:
            self.error(*self.at(path, point), message)
        return not found

    def check_values(self, definition: str) -> None:
        """Characters, line breaks, lengths and web addresses (textcheck.py, links.py)."""
        for (line, col), message in textcheck.value_problems(self.doc.data, definition, self.at):
            self.error(line, col, message)
        for path, url in links.url_fields(self.doc.data):
            if found := links.problem(url, research=path[:1] == ("succession",)):
                level, why = found
                self.error(*self.at(path), f"{schema.where(definition, path)}{why}", level=level)

    def check_dates(self, data, at=(), definition: str = "organisation_plan"):
        """Dates that have an accepted form but do not exist (2014-02-30, 2014-13, 2014/16)."""
        if isinstance(data, dict):
            for key, value in data.items():
                here = at + (key,)
                if key in ("date", "as_at", "due", "checked", "forecast") and isinstance(value, str):
                    why = dates.problem(value)
                    if why and why != "it is not in an accepted form":
                        self.error(*self.at(here),
                                   f"{schema.where(definition, here, self.doc.data)}"
                                   f"{schema.human_name(definition, here)} '{value}' is not a real date: {why}")
                else:
                    self.check_dates(value, here, definition)
        elif isinstance(data, list):
            for i, value in enumerate(data):
                self.check_dates(value, at + (i,), definition)

    def check_modeline(self) -> None:
        """Editors (VS Code's YAML extension) find the schema through the first line."""
        expected = os.path.relpath(schema.SCHEMA_PATH, self.path.resolve().parent).replace(os.sep, "/")
        first = self.doc.first_line.strip()
        if not first.startswith(MODELINE):
            self.error(1, 1, f"the first line should be '{MODELINE}{expected}' so that editors such as "
                             "VS Code check the plan as you type: add it as line 1", level="warning")
            return
        given = first[len(MODELINE):].strip()
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", given):  # https:, file:, ...
            self.error(1, len(MODELINE) + 1,
                       f"the first line points editors to '{limits.shorten(given)}', outside the project: "
                       "every editor that opens this plan would load it. Plans use the project's own "
                       f"plan format: change the line to '{MODELINE}{expected}'")
            return
        if PROJECT not in self.path.resolve().parents:
            return  # a folder outside the project (a preview or benchmark copy)
        if (self.path.resolve().parent / given).resolve() != schema.SCHEMA_PATH.resolve():
            self.error(1, len(MODELINE) + 1,
                       f"the first line points editors to '{given}', which is not the plan format "
                       f"(macros/schema.json): change it to '{MODELINE}{expected}'", level="warning")


def _text(data: dict, key: str) -> str:
    value = data.get(key, "")
    return value if isinstance(value, str) else str(value)


def _provenance(data: dict) -> Provenance:
    return Provenance(title=data["title"], meeting=_text(data, "meeting"), date=_text(data, "date"),
                      authors=tuple(data.get("authors", ())), reference=_text(data, "reference"),
                      source_file=_text(data, "source_file"), url=_text(data, "url"))


_ACTION_FIELDS = ("id", "workstream", "group", "ref", "recommendation_title", "recommendation_text",
                  "government_response", "current_position", "priority", "action", "owner",
                  "forum", "due", "status", "added")


def _numbers(value) -> tuple:
    """``recommendation:`` as a tuple: one number, a list of numbers, or nothing."""
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _update(data: dict, line: int) -> Update:
    assured = data.get("assurance")
    return Update(date=data["date"], status=data["status"], note=_text(data, "note"),
                  evidence=tuple(Link(title=e["title"], url=e["url"]) for e in data.get("evidence", ())),
                  due=_text(data, "due"), reason=_text(data, "reason"), by=_text(data, "by"), line=line,
                  next_step=_text(data, "next_step"), forecast=_text(data, "forecast"),
                  assurance=Assurance(by=assured["by"], date=assured["date"], minute=_text(assured, "minute"),
                                      evidence_location=_text(assured, "evidence_location")) if assured else None)


def _action(data: dict, source: str, line: int, joint: bool = False, update_lines=()) -> Action:
    updates = tuple(_update(u, n) for u, n in zip(data.get("updates", ()), update_lines))
    return Action(**{k: _text(data, k) for k in _ACTION_FIELDS},
                  recommendations=_numbers(data.get("recommendation")), updates=updates,
                  joint=joint, source=source, line=line)


def load_statuses(problems: list, reference: Path = REFERENCE) -> list[Status]:
    """The status vocabulary, in order. Its keys must be exactly the plan format's."""
    file = _File(reference / "statuses.yaml", problems)
    if not (file.readable and file.validate("statuses")):
        return []
    statuses = [Status(**s) for s in file.doc.data["statuses"]]
    keys = [s.key for s in statuses]
    wanted = schema.schema()["definitions"]["status_key"]["enum"]
    if sorted(keys) != sorted(wanted) or len(set(keys)) != len(keys):
        file.error(1, 1, f"the statuses must be listed once each: {', '.join(wanted)} (the keys of "
                         "macros/schema.json#/definitions/status_key)")
    for i, status in enumerate(statuses):
        if why := colours.problem(status.colour):
            file.error(*file.at(("statuses", i, "colour")), f"status {status.key}: {why}")
    return statuses


def load_reference(problems: list, reference: Path = REFERENCE) -> tuple[list, dict]:
    """The work-stream key and the recommendation catalogue."""
    ws_file = _File(reference / "workstreams.yaml", problems)
    workstreams = []
    if ws_file.readable and ws_file.validate("workstreams"):
        workstreams = [WorkStream(**w) for w in ws_file.doc.data["workstreams"]]
        if [w.number for w in workstreams] != [1, 2, 3, 4] or len({w.key for w in workstreams}) != 4:
            ws_file.error(1, 1, "the four work streams must be listed once each, numbered 1 to 4 in order")
        for i, w in enumerate(workstreams):
            if why := colours.problem(w.colour):
                ws_file.error(*ws_file.at(("workstreams", i, "colour")), f"work stream {w.number} ({w.name}): {why}")
    cat_file = _File(reference / "recommendations.yaml", problems)
    catalogue = {}
    if cat_file.readable and cat_file.validate("catalogue"):
        for i, rec in enumerate(cat_file.doc.data["recommendations"]):
            if rec["number"] in catalogue:
                cat_file.error(*cat_file.at(("recommendations", i)),
                               f"recommendation {rec['number']} is listed twice in the catalogue")
            response = rec.get("government_response")
            catalogue[rec["number"]] = Recommendation(
                number=rec["number"], title=_text(rec, "title"), text=_text(rec, "text"),
                text_source=_text(rec, "text_source"),
                government_response=GovernmentResponse(**response) if response else None,
                other_quotes=tuple(Quote(q["text"], q["source"]) for q in rec.get("other_quotes", ())))
    return workstreams, dict(sorted(catalogue.items()))


def _without_cycle_collection(function):
    """Run ``function`` with Python's cycle collector paused. Reading plans makes hundreds of
    thousands of small long-lived objects and no cycles; the collector would scan them again
    and again, a cost that grows faster than the number of plans (a quarter of the check at
    1,000 organisations). It runs again afterwards, as before."""
    @functools.wraps(function)
    def paused(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()
    return paused


@_without_cycle_collection
def check(folder: Path | None = None, reference: Path = REFERENCE,
          as_of: str | None = None) -> tuple[Site | None, list[Problem]]:
    """Read every file in ``folder``; return the site (None if any error) and all problems.

    Every file is read and every check runs on every plan, even when another check has already
    failed, so one run reports every mistake in every file."""
    folder = Path(folder) if folder else plans_dir()
    problems: list[Problem] = []
    if as_of is None:  # the date derived statuses are judged against: $AS_OF, else today
        as_of, why = progress.as_of_from(os.environ, dt.date.today())
        if why:
            problems.append(Problem("AS_OF", 1, 1, "error", why))
    workstreams, catalogue = load_reference(problems, reference)
    statuses = load_statuses(problems, reference)
    if folder.is_symlink():
        problems.append(Problem(display_path(folder), 1, 1, "error",
                                "the plans folder is a symbolic link, and links are never read: make "
                                "it a folder holding the plans"))
        return None, problems
    if not folder.is_dir():
        problems.append(Problem(display_path(folder), 1, 1, "error",
                                "the plans folder does not exist: check the folder name"))
        return None, problems

    read: list[tuple[_File, dict, str, bool]] = []  # (file, data, kind, valid against the schema)
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        problems.append(Problem(display_path(folder), 1, 1, "error", f"the plans folder cannot be read "
                                f"({exc.strerror or exc}): check its permissions"))
        return None, problems
    reference_version, seen = plancache.folder_version(reference), set()
    stems = {p.stem: display_path(p) for p in entries if p.suffix == ".yaml"}
    for path in entries:
        name = display_path(path)
        if why := planfiles.kind_problem(path):  # links, folders, devices: refused before reading
            problems.append(Problem(name, 1, 1, "error", why))
            continue
        if path.suffix != ".yaml":
            if path.suffix.lower() in (".yml", ".yaml"):
                fix = f"rename it to {path.stem}.yaml (plans must end in .yaml, in lower case)"
            else:
                fix = ("only files ending in .yaml are plans: if this is a plan, rename it to "
                       f"{path.stem}.yaml; if not, move it out of the plans folder")
            problems.append(Problem(name, 1, 1, "error", f"this file is not published: {fix}"))
            continue
        raw, why = planfiles.read_bytes(path)  # regular files only, never past the size limit
        if raw is None:
            problems.append(Problem(name, 1, 1, "error", why))
            continue
        file, data, kind, valid = plancache.CACHE.read(path, name, raw, reference_version,
                                                         functools.partial(_read_plan, statuses=statuses))
        seen.add(str(path.resolve()))
        problems.extend(file.problems)
        file.problems = problems  # the checks across files below add to the same list
        if kind is None:
            continue
        plan_id = data.get("id")
        if schema.is_identifier(plan_id) and plan_id != path.stem:  # (else the schema reports it)
            if plan_id in stems:
                file.error(*file.at(("id",)), f"id '{plan_id}' is already the id of {stems[plan_id]}: "
                                              f"each plan needs its own id, the same as its file name: "
                                              f"set id: {path.stem}")
            else:
                file.error(*file.at(("id",)), f"id '{plan_id}' does not match the file name "
                                              f"'{path.name}': rename the file to {plan_id}.yaml or set "
                                              f"id: {path.stem}")
        read.append((file, data, kind, valid))

    plancache.CACHE.forget_others(folder, seen)

    # Plans are filed under their file name, which is unique, so a wrong id is reported once.
    joint_ids = sorted(f.path.stem for f, _, kind, _ in read if kind == "joint")
    named = {d["joint_response"] for _, d, kind, _ in read
             if kind == "organisation" and isinstance(d.get("joint_response"), str)}
    for file, data, kind, _ in read:
        _check_plan(file, data, kind, joint_ids, catalogue)
        problems.extend(file.progress_problems)  # (found with the file alone, by _read_plan)
    _check_lookalike_names(read)
    for file, _, kind, _ in read:
        if kind == "joint" and file.path.stem not in named and named <= set(joint_ids):
            file.error(1, 1, f"no organisation plan names this joint response: add 'joint_response: "
                             f"{file.path.stem}' to its members' plans", level="warning")
    problems.sort(key=lambda p: (p.path, p.line, p.col))
    if any(p.level == "error" for p in problems):
        return None, problems

    # The same records as last time for unchanged files while serving (plancache.made).
    joints = {f.path.stem: plancache.CACHE.made(f.name, None, functools.partial(_joint, f, d))
              for f, d, kind, _ in read if kind == "joint"}
    organisations = [plancache.CACHE.made(f.name, joints.get(d["joint_response"]) if "joint_response" in d else None,
                                          functools.partial(_organisation, f, d, joints))
                     for f, d, kind, _ in read if kind == "organisation"]
    plancache.CACHE.site_built()
    site = Site(organisations=sorted(organisations, key=lambda o: o.name.lower()),
                workstreams=workstreams, catalogue=catalogue, joint_responses=joints,
                statuses=statuses, as_of=as_of)
    return site, problems


def _read_plan(path: Path, raw: bytes, statuses: list) -> tuple:
    """What one plan file gives on its own: (file, data, kind, valid against the schema), with
    the problems of every check that looks at this file alone in ``file.problems``, except the
    progress checks' (ids, updates, reports), kept in ``file.progress_problems`` for check() to
    list where it always has (kind is None if the file is not a plan at all). A pure function of
    the file's bytes, its place, the code, the reference data (``statuses``) and the date, so
    plancache keeps it: checks that look at other files belong in check()."""
    file = _File(path, [], raw)
    if not file.readable:
        return file, None, None, False
    data = file.doc.data
    if not isinstance(data, dict):
        file.error(*file.at(()), _not_a_plan(data))
        return file, None, None, False
    file.check_modeline()
    kind = "joint" if str(data.get("kind", "")).strip().lower() == "joint" else "organisation"
    definition = "joint_response" if kind == "joint" else "organisation_plan"
    valid = file.validate(definition)
    file.check_dates(data, definition=definition)
    file.check_values(definition)
    file.problems.extend(slips.problems(file.doc, file.name, definition))
    held, file.problems = file.problems, []
    progresscheck.check(file, data, kind, statuses)
    assurancecheck.check(file, data, kind)
    file.progress_problems, file.problems = file.problems, held
    return file, data, kind, valid


def _not_a_plan(data) -> str:
    if data is None:
        return ("this file is empty: a plan needs at least id:, name:, provenance: and actions: "
                "(copy an existing plan to start)")
    if isinstance(data, list):
        return ("this file is a list (it starts with '- '), but a plan is a block of fields: remove the "
                "'- ' and the extra spaces so that id:, name:, provenance: and actions: start at the "
                "beginning of their lines")
    return ("this file is not a plan: a plan is made of 'field: value' lines (id:, name:, "
            "provenance:, actions:), but this file is plain text")


# --- checks the schema cannot express. They read the raw data defensively, so that they also
# run on a plan the schema rejected, and skip a value the schema already reports.

def _dicts(value) -> list:
    """(index, item) for the blocks of a list; nothing for anything else."""
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] \
        if isinstance(value, list) else []


def _check_plan(file: _File, data: dict, kind: str, joint_ids: list, catalogue: dict) -> None:
    groups: list[str] = []
    grouping = data.get("grouping") if isinstance(data.get("grouping"), dict) else {}
    first_use: dict = {}
    for i, group in _dicts(grouping.get("groups")):
        group_id = group.get("id")
        if not schema.is_identifier(group_id):
            continue
        if group_id in first_use:
            j = first_use[group_id]
            file.error(*file.at(("grouping", "groups", i, "id")),
                       f"group {i + 1}: group identifier '{group_id}' is already used by group {j + 1} "
                       f"(line {file.at(('grouping', 'groups', j, 'id'))[0]}): give each group its own "
                       "identifier")
        else:
            first_use[group_id] = i
            groups.append(group_id)
    scale = [level["value"] for _, level in _dicts(data.get("priority_scale"))
             if isinstance(level.get("value"), str)]
    joint = data.get("joint_response")
    if kind == "organisation" and schema.is_identifier(joint) and joint not in joint_ids:
        guess = difflib.get_close_matches(joint, joint_ids, n=1, cutoff=0.6)
        hint = (f"did you mean '{guess[0]}'?" if guess else
                "the joint responses in this folder are: " + ", ".join(joint_ids) if joint_ids else
                "there is no joint response (a plan with kind: joint) in this folder")
        file.error(*file.at(("joint_response",)),
                   f"joint response '{joint}' is not the id of a joint response in this folder: {hint}")
    key = "joint_work" if kind == "joint" else "actions"
    action_fields = schema.schema()["definitions"]["action"]["properties"]
    seen: dict = {}
    for i, row in _dicts(data.get(key)):
        at = (key, i)
        line, col = file.at(at)
        label = schema.human_name("joint_response" if kind == "joint" else "organisation_plan", at, data)
        misspelt = set(row) - set(action_fields)  # already reported; likely a misspelt 'action:'
        if "action" not in row and "current_position" not in row and not misspelt:
            file.error(line, col, f"{label} has neither an action nor a current position: add "
                                  "'action:' with what the organisation will do, in the source's words")
        group = row.get("group")
        if schema.is_identifier(group) and group not in groups:
            guess = difflib.get_close_matches(group, groups, n=1, cutoff=0.6)
            if kind == "joint":
                hint = "a joint response has no groups: delete the group line"
            elif guess:
                hint = f"did you mean '{guess[0]}'?"
            elif groups:
                hint = "the plan's groups are: " + ", ".join(groups)
            else:
                hint = "add the group under grouping: groups: first, or delete the group line"
            file.error(*file.at(at + ("group",)),
                       f"{label}: group '{group}' is not one of the plan's groups: {hint}")
        priority = row.get("priority")
        if scale and isinstance(priority, str) and priority not in scale:
            file.error(*file.at(at + ("priority",)),
                       f"{label}: priority must be one of: {', '.join(scale)} (the plan's priority "
                       f"scale); found '{limits.shorten(priority)}'")
        given = row.get("recommendation")
        for k, number in enumerate(given if isinstance(given, list) else [given]):
            rec = catalogue.get(number) if isinstance(number, int) and not isinstance(number, bool) else None
            if not (rec and rec.not_supported):
                continue
            title = f" ({rec.title})" if rec.title else ""
            place = at + ("recommendation",) + ((k,) if isinstance(given, list) else ())
            file.error(*file.at(place),
                       f"{label}: recommendation {rec.number}{title} is one the Government did not "
                       "support: check the number; if it is right, nothing needs changing (the site "
                       "marks it as not supported)", level="warning")
        if given is not None and data.get("numbers_recommendations") is False:
            file.error(*file.at(at + ("recommendation",)),
                       f"{label} gives a recommendation number, but the plan says its source does not "
                       "number the recommendations it addresses (numbers_recommendations: false): delete "
                       "that line, or the numbers_recommendations line if the source does number them")
        same = repr([row.get(k) for k in ("workstream", "recommendation", "action", "current_position")])
        if same in seen:
            file.error(line, col, f"{label} repeats {seen[same][0]} (line {seen[same][1]}) word for "
                                  "word: delete one unless the source lists it twice", level="warning")
        else:
            seen[same] = (label, line)
    for i, mark in _dicts(data.get("editors_supplied")):
        for k, group in enumerate(mark.get("groups") or []):
            if schema.is_identifier(group) and group not in groups:
                file.error(*file.at(("editors_supplied", i, "groups", k)),
                           f"editors_supplied {i + 1}: group '{group}' is not one of the plan's groups: "
                           + ("the plan's groups are: " + ", ".join(groups) if groups else "delete the groups line"))
    _check_succession(file, data.get("succession"))


def _check_succession(file: _File, succession) -> None:
    """The steps run oldest first, and the current successor is the latest confirmed step's body."""
    if not isinstance(succession, dict):
        return
    steps = _dicts(succession.get("steps"))
    when = [(i, s.get("date")) for i, s in steps if isinstance(s.get("date"), str) and not dates.problem(s["date"])]
    for (_, earlier), (i, later) in zip(when, when[1:]):
        if dates.sort_key(later) < dates.sort_key(earlier):
            file.error(*file.at(("succession", "steps", i, "date")),
                       f"succession step {i + 1} is dated {later}, before the step above it ({earlier}): "
                       "list the steps oldest first")
    confirmed = [s.get("body") for _, s in steps if not s.get("unconfirmed")]
    current = succession.get("current")
    if isinstance(current, str) and steps and (not confirmed or current != confirmed[-1]):
        file.error(*file.at(("succession", "current")),
                   f"the current successor '{limits.shorten(current)}' is not the body of the latest confirmed "
                   "step" + (f" ('{limits.shorten(str(confirmed[-1]))}')" if confirmed else " (every step is "
                   "marked unconfirmed)") + ": name the body of the last step whose sources confirm it")


def _check_lookalike_names(read: list) -> None:
    """An empty name, or two names that look the same on the page (textcheck.name_key), are errors."""
    first: dict = {}
    for file, data, _, _ in read:
        name = data.get("name")
        if not isinstance(name, str):
            continue
        key = textcheck.name_key(name)
        if not key:
            file.error(*file.at(("name",)), "the name is empty (or only spaces): write the organisation's "
                                            "full name, as its document gives it")
        elif key in first:
            other, line, other_name = first[key]
            file.error(*file.at(("name",)),
                       f"name '{limits.shorten(name)}' looks the same on the page as '{limits.shorten(other_name)}', "
                       f"the name in {other} (line {line}), once case, spacing and invisible characters "
                       "are set aside: give each organisation its own name (if it is the same "
                       "organisation, keep one plan)")
        else:
            first[key] = (file.name, file.at(("name",))[0], name)


# --- the site's records, built only from plans without errors.

def _actions(file: _File, data: dict, key: str, joint: bool) -> tuple:
    return tuple(_action(row, file.name, file.at((key, i))[0], joint,
                         [file.at((key, i, "updates", j))[0] for j in range(len(row.get("updates", ())))])
                 for i, row in enumerate(data.get(key, [])))


def _shared(data: dict) -> dict:
    """The fields organisation plans and joint responses both have: the source's labels, the
    editors' marks and the passages of the source."""
    return dict(
        owner_label=_text(data, "owner_label"), forum_label=_text(data, "forum_label"),
        editors=tuple(EditorsMark(m["field"], m["note"], tuple(m.get("groups", ())))
                      for m in data.get("editors_supplied", ())),
        context=tuple(Passage(p["heading"], p["text"], _text(p, "section")) for p in data.get("context", ())))


def _succession(data) -> Succession | None:
    if not data:
        return None
    steps = tuple(SuccessionStep(
        date=s["date"], body=s["body"], event=s["event"],
        sources=tuple(Link(title=link["title"], url=link["url"]) for link in s["sources"]),
        ods_code=_text(s, "ods_code"), ods_code_source=_text(s, "ods_code_source"), note=_text(s, "note"),
        unconfirmed=_text(s, "unconfirmed")) for s in data["steps"])
    return Succession(steps=steps, current=data["current"], checked=data["checked"],
                      ods_code=_text(data, "ods_code"), ods_code_source=_text(data, "ods_code_source"))


def _joint(file: _File, data: dict) -> JointResponse:
    return JointResponse(
        id=data["id"], name=data["name"], provenance=_provenance(data["provenance"]),
        as_at=_text(data, "as_at"), summary=_text(data, "summary"),
        themes=tuple(Theme(**t) for t in data.get("themes", [])),
        joint_work=_actions(file, data, "joint_work", joint=True),
        partner_priorities=tuple(PartnerPriorities(**p) for p in data.get("partner_priorities", [])),
        source=file.name, **_shared(data))


def _organisation(file: _File, data: dict, joints: dict) -> Organisation:
    grouping = data.get("grouping", {})
    groups = tuple(Group(id=g["id"], name=g["name"], description=_text(g, "description"))
                   for g in grouping.get("groups", []))
    scale = tuple((p["value"], p["meaning"]) for p in data.get("priority_scale", []))
    return Organisation(
        id=data["id"], name=data["name"], provenance=_provenance(data["provenance"]),
        actions=_actions(file, data, "actions", joint=False),
        as_at=_text(data, "as_at"), summary=_text(data, "summary"), priority_scale=scale,
        workstream_descriptions=dict(data.get("workstream_descriptions", {})),
        grouping_name=_text(grouping, "name"), groups=groups,
        joint=joints.get(data["joint_response"]) if "joint_response" in data else None,
        reports=tuple(Report(date=r["date"], title=r["title"], meeting=_text(r, "meeting"),
                             url=_text(r, "url")) for r in data.get("reports", [])),
        source=file.name, numbers_recommendations=data.get("numbers_recommendations", True) is not False,
        succession=_succession(data.get("succession")), **_shared(data))
