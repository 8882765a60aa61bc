"""Read and check every plan in a folder, and the reference data.

``check(folder)`` returns the site's data and every problem found in every file. Nothing
here imports mkdocs: the same function serves ``python -m macros check``, the mkdocs build
and the tests.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

from . import dates, schema, yamlread
from .model import (Action, GovernmentResponse, Group, JointResponse, Organisation,
                    PartnerPriorities, Provenance, Recommendation, Site, Theme, WorkStream)
from .problems import Problem

PROJECT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "data"
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

    def __init__(self, path: Path, problems: list):
        self.path = path
        self.name = display_path(path)
        self.problems = problems
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.doc = yamlread.Document()
            self.error(1, 1, f"this file is not UTF-8 text (byte {exc.start}): save it as UTF-8")
            return
        self.doc = yamlread.read(self.name, text)
        problems.extend(self.doc.problems)

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
        found = schema.messages(definition, self.doc.data)
        for path, point, message in found:
            self.error(*self.at(path, point), message)
        return not found

    def check_dates(self, data, at=()):
        """Dates that match the pattern but do not exist (2014-02-30, 2014/16)."""
        if isinstance(data, dict):
            for key, value in data.items():
                if key in ("date", "as_at", "due") and isinstance(value, str):
                    why = dates.problem(value)
                    if why and why != "it is not in an accepted form":
                        name = "completion date" if key == "due" else ("as-at date" if key == "as_at" else "document date")
                        self.error(*self.at(at + (key,)),
                                   f"{schema.where('organisation_plan', at + (key,))}{name} {value!r} is not a real date: "
                                   f"{why}; write {dates.ACCEPTED}")
                else:
                    self.check_dates(value, at + (key,))
        elif isinstance(data, list):
            for i, value in enumerate(data):
                self.check_dates(value, at + (i,))


def _text(data: dict, key: str) -> str:
    value = data.get(key, "")
    return value if isinstance(value, str) else str(value)


def _provenance(data: dict) -> Provenance:
    return Provenance(title=data["title"], meeting=_text(data, "meeting"), date=_text(data, "date"),
                      authors=tuple(data.get("authors", ())), reference=_text(data, "reference"),
                      source_file=_text(data, "source_file"), url=_text(data, "url"))


_ACTION_FIELDS = ("workstream", "group", "ref", "recommendation_title", "recommendation_text",
                  "government_response", "current_position", "priority", "action", "owner",
                  "forum", "due", "status")


def _action(data: dict, source: str, line: int, joint: bool = False) -> Action:
    return Action(**{k: _text(data, k) for k in _ACTION_FIELDS},
                  recommendation=data.get("recommendation"), joint=joint, source=source, line=line)


def load_reference(problems: list, reference: Path = REFERENCE) -> tuple[list, dict]:
    """The work-stream key and the recommendation catalogue."""
    ws_file = _File(reference / "workstreams.yaml", problems)
    workstreams = []
    if ws_file.readable and ws_file.validate("workstreams"):
        workstreams = [WorkStream(**w) for w in ws_file.doc.data["workstreams"]]
        if [w.number for w in workstreams] != [1, 2, 3, 4] or len({w.key for w in workstreams}) != 4:
            ws_file.error(1, 1, "the four work streams must be listed once each, numbered 1 to 4 in order")
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
                government_response=GovernmentResponse(**response) if response else None)
    return workstreams, dict(sorted(catalogue.items()))


def check(folder: Path | None = None, reference: Path = REFERENCE) -> tuple[Site | None, list[Problem]]:
    """Read every file in ``folder``; return the site (None if any error) and all problems."""
    folder = Path(folder) if folder else plans_dir()
    problems: list[Problem] = []
    workstreams, catalogue = load_reference(problems, reference)
    if not folder.is_dir():
        problems.append(Problem(display_path(folder), 1, 1, "error", "the plans folder does not exist"))
        return None, problems

    plans, joints = [], {}
    ids: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        name = display_path(path)
        if path.is_dir():
            problems.append(Problem(name, 1, 1, "error",
                                    "folders inside the plans folder are not read: move its plans up "
                                    "into the plans folder itself"))
            continue
        if path.suffix != ".yaml":
            fix = f"rename it to {path.stem}.yaml" if path.suffix in (".yml", ".YAML", ".Yaml") \
                else "only .yaml plans belong here: rename it to end in .yaml or move it out of the plans folder"
            problems.append(Problem(name, 1, 1, "error", f"this file is not published: {fix}"))
            continue
        file = _File(path, problems)
        if not file.readable:
            continue
        data = file.doc.data
        if not isinstance(data, dict):
            file.error(1, 1, "a plan must be a block of fields (id:, name:, provenance:, actions:); "
                             "this file is empty or is not one")
            continue
        if not file.doc.first_line.startswith(MODELINE):
            file.error(1, 1, "the first line should be '# yaml-language-server: "
                             "$schema=../macros/schema.json' so editors can check the plan as you type",
                       level="warning")
        kind = data.get("kind", "organisation")
        definition = "joint_response" if kind == "joint" else "organisation_plan"
        valid = file.validate(definition)
        file.check_dates(data)
        plan_id = data.get("id")
        if isinstance(plan_id, str):
            if plan_id != path.stem:
                file.error(*file.at(("id",)), f"id {plan_id!r} does not match the file name "
                                              f"{path.name!r}: rename the file to {plan_id}.yaml or set id: {path.stem}")
            elif plan_id in ids:
                file.error(*file.at(("id",)), f"id {plan_id!r} is already used by {ids[plan_id]}: "
                                              "each plan needs its own id")
            else:
                ids[plan_id] = name
        if not valid:
            continue
        if kind == "joint":
            joints[plan_id] = (file, data)
        else:
            plans.append((file, data))

    joint_models = {jid: _joint(file, data, catalogue) for jid, (file, data) in joints.items()}
    organisations = [_organisation(file, data, joint_models, catalogue) for file, data in plans]
    used = {o.joint.id for o in organisations if o.joint}
    for jid, (file, _) in joints.items():
        if jid not in used:
            file.error(1, 1, f"no organisation plan names this joint response: add "
                             f"'joint_response: {jid}' to its members' plans", level="warning")
    site = Site(organisations=sorted(organisations, key=lambda o: o.name.lower()),
                workstreams=workstreams, catalogue=catalogue, joint_responses=joint_models)
    problems.sort(key=lambda p: (p.path, p.line, p.col))
    if any(p.level == "error" for p in problems):
        return None, problems
    return site, problems


def _actions(file: _File, data: dict, key: str, groups: set, scale: dict, catalogue: dict,
             joint: bool) -> tuple:
    actions, seen = [], {}
    for i, row in enumerate(data.get(key, [])):
        line, col = file.at((key, i))
        label = f"{'action' if key == 'actions' else 'joint work area'} {i + 1}"
        action = _action(row, file.name, line, joint)
        if not action.action and not action.current_position:
            file.error(line, col, f"{label} has neither an action nor a current position: add "
                                  "'action:' with what the organisation will do")
        if action.group and action.group not in groups:
            guess = difflib.get_close_matches(action.group, sorted(groups), n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else (
                "groups are: " + ", ".join(sorted(groups)) if groups else "add a grouping: block first")
            file.error(*file.at((key, i, "group")), f"{label}: group {action.group!r} is not one of "
                                                    f"the plan's groups: {hint}")
        if scale and action.priority and action.priority not in scale:
            file.error(*file.at((key, i, "priority")),
                       f"{label}: priority must be one of: {', '.join(scale)} (the plan's priority "
                       f"scale); found {action.priority!r}")
        rec = catalogue.get(action.recommendation)
        if rec and rec.not_supported:
            file.error(*file.at((key, i, "recommendation")),
                       f"{label}: recommendation {rec.number} is one the Government did not support "
                       f"({rec.title or 'see the recommendation page'}); it is flagged on the site",
                       level="warning")
        same = (action.workstream, action.recommendation, action.action, action.current_position)
        if same in seen:
            file.error(line, col, f"{label} repeats {seen[same][0]} (line {seen[same][1]}) word for word: "
                                  "delete one unless the source lists it twice", level="warning")
        else:
            seen[same] = (label, line)
        actions.append(action)
    return tuple(actions)


def _joint(file: _File, data: dict, catalogue: dict) -> JointResponse:
    return JointResponse(
        id=data["id"], name=data["name"], provenance=_provenance(data["provenance"]),
        as_at=_text(data, "as_at"), summary=_text(data, "summary"),
        themes=tuple(Theme(**t) for t in data.get("themes", [])),
        joint_work=_actions(file, data, "joint_work", set(), {}, catalogue, joint=True),
        partner_priorities=tuple(PartnerPriorities(**p) for p in data.get("partner_priorities", [])),
        source=file.name)


def _organisation(file: _File, data: dict, joints: dict, catalogue: dict) -> Organisation:
    grouping = data.get("grouping", {})
    groups = tuple(Group(id=g["id"], name=g["name"], description=_text(g, "description"))
                   for g in grouping.get("groups", []))
    group_ids = [g.id for g in groups]
    for dup in {g for g in group_ids if group_ids.count(g) > 1}:
        file.error(*file.at(("grouping", "groups")), f"group id {dup!r} is used twice: give each group its own id")
    scale = tuple((p["value"], p["meaning"]) for p in data.get("priority_scale", []))
    joint = None
    if "joint_response" in data:
        joint = joints.get(data["joint_response"])
        if joint is None:
            known = ", ".join(sorted(joints)) or "none in this folder"
            file.error(*file.at(("joint_response",)),
                       f"joint response {data['joint_response']!r} not found: it must be the id of a "
                       f"plan with kind: joint in the same folder (known: {known})")
    return Organisation(
        id=data["id"], name=data["name"], provenance=_provenance(data["provenance"]),
        actions=_actions(file, data, "actions", set(group_ids), dict(scale), catalogue, joint=False),
        as_at=_text(data, "as_at"), summary=_text(data, "summary"), priority_scale=scale,
        workstream_descriptions=dict(data.get("workstream_descriptions", {})),
        grouping_name=_text(grouping, "name"), groups=groups, joint=joint, source=file.name)
