"""Indentation slips the YAML reader cannot see: a field written inside a text block.

``owner:`` indented two spaces too far under an action written as a ``|-`` block becomes the
last line of the action's text, and the action silently has no owner. ``yamlread`` notes every
line of a text block that starts like a field (``name: ...``); here a line is reported when
``name`` is a field of the block the text belongs to and that block does not have it.
"""
from __future__ import annotations

from . import schema
from .problems import Problem


def problems(doc, path: str, definition: str, label=None) -> list[Problem]:
    """Warnings for ``doc`` (a ``yamlread.Document``) read from ``path`` as ``definition``.
    ``label(at)`` names the block at path ``at`` ("action 4 ..."); default: the schema's name."""
    label = label or (lambda at: schema.human_name(definition, at, doc.data))
    found = []
    for at, line, indent, name in doc.field_like:
        parent_at, text_field = at[:-1], at[-1]
        parent = _get(doc.data, parent_at)
        fields = schema.node_at(definition, parent_at).get("properties", {})
        if not isinstance(parent, dict) or name not in fields or name in parent or name == text_field:
            continue
        needed = doc.key_at.get(at, (line, indent + 1))[1] - 1
        title = schema.human_name(definition, parent_at + (name,))
        where = label(parent_at) if parent_at else "the plan"
        found.append(Problem(path, line, indent + 1, "warning",
                             f"{where}: the line '{name}: ...' is inside the text of '{text_field}' (its "
                             f"text block), so it is published as part of that text and the "
                             f"{_block(where)} has no {title}: if it is meant as the {title}, indent it by "
                             f"{needed} spaces, the same as '{text_field}:' (it has {indent})"))
    return found


def _block(where: str) -> str:
    for noun in ("joint work area", "action"):
        if where.startswith(noun):
            return noun
    return "plan" if where == "the plan" else where


def _get(data, at):
    for part in at:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
