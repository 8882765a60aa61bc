"""Meeting files: the board or committee meeting a board paper goes to (scripts/board-packs
--meeting FILE), read as strictly as plans and checked against
macros/schema.json#/definitions/meeting, every problem at file:line with the fix.

A meeting file is untrusted text like a plan: the same reader (regular files only, UTF-8, no
control or invisible characters, no tags, anchors or duplicate keys), the same schema messages
and the same date check.
"""
from __future__ import annotations

from pathlib import Path

from ..model import Link, Meeting
from . import load, schema
from .problems import Problem

DEFINITION = "meeting"
IMPLICATIONS = ("quality", "finance", "legal", "equality", "patient_and_public_involvement")


def read(path: Path) -> tuple[Meeting | None, list[Problem]]:
    """The meeting in ``path``, or None and the problems (errors first at their lines)."""
    path = Path(path)
    problems: list[Problem] = []
    name = load.display_path(path)
    if not path.exists() and not path.is_symlink():
        return None, [Problem(name, 1, 1, "error", "the meeting file does not exist: check its name and folder")]
    file = load._File(path, problems)
    if not file.readable:
        return None, sorted(problems)
    data = file.doc.data
    if not isinstance(data, dict):
        file.error(*file.at(()), "this is not a meeting file: a meeting file is made of 'field: value' lines "
                                 "(meeting:, date:, agenda_item:, author:, executive_lead:, purpose:, paper:, "
                                 "status:): see the plan format page, section Meeting file")
        return None, sorted(problems)
    file.validate(DEFINITION)
    file.check_dates(data, definition=DEFINITION)
    file.check_values(DEFINITION)
    for key in schema.schema()["definitions"][DEFINITION]["required"]:
        if isinstance(data.get(key), str) and not data[key].strip():
            title = schema.node_at(DEFINITION, (key,)).get("title", key)
            file.error(*file.at((key,)), f"the {title} is empty: write it after '{key}:'")
    problems.sort(key=lambda p: (p.line, p.col))
    if any(p.level == "error" for p in problems):
        return None, problems
    return _meeting(data, name), problems


def _text(data: dict, key: str) -> str:
    value = data.get(key, "")
    return value if isinstance(value, str) else str(value)


def _meeting(data: dict, source: str) -> Meeting:
    implications = data.get("implications", {})
    return Meeting(
        meeting=data["meeting"], date=data["date"], agenda_item=_text(data, "agenda_item"), author=data["author"],
        executive_lead=data["executive_lead"], purpose=data["purpose"], paper=data["paper"], status=data["status"],
        title=_text(data, "title"), recommendation=_text(data, "recommendation"),
        assurance_level=_text(data, "assurance_level"),
        risks=tuple(Link(title=r["title"], url=_text(r, "url")) for r in data.get("risks", ())),
        implications=tuple((key, implications[key]) for key in IMPLICATIONS if implications.get(key)),
        previously_considered_by=_text(data, "previously_considered_by"), source=source)
