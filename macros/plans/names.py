"""How messages and summaries name an action: by the id or reference an editor knows, and the
start of its text ('action 2.1 "Review complaints information…"'), not by its position."""
from __future__ import annotations

import re

from .schemafile import is_action_id

TEXT_LIMIT = 40  # characters of the action's text quoted in a check message
_NUMBER = re.compile(r"[0-9]+")


def short(text: str, limit: int = TEXT_LIMIT) -> str:
    """The start of ``text`` on one line, cut at a word."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def item_label(row, index: int, noun: str = "action", limit: int = TEXT_LIMIT) -> str:
    """``noun`` named by its id (else its source number, else its position, from 1) and the
    start of its action (or current position)."""
    if not isinstance(row, dict):
        return f"{noun} {index + 1}"
    given, ref = row.get("id"), row.get("ref")
    if isinstance(given, str) and is_action_id(given):
        name = given
    elif isinstance(ref, str) and ref.strip() and len(ref) <= 20:
        name = ref.strip()
    else:
        name = str(index + 1)
    text = row.get("action") or row.get("current_position")
    return f'{noun} {name} "{short(text, limit)}"' if isinstance(text, str) and text.strip() else f"{noun} {name}"


def next_free_id(ids, position: int) -> str:
    """An id no action in ``ids`` has: one more than the largest plain number in use, else the
    action's position, moved on until it is free."""
    taken = set(ids)
    numbers = [int(i) for i in taken if isinstance(i, str) and _NUMBER.fullmatch(i)]
    n = max(numbers) + 1 if numbers else position
    while str(n) in taken:
        n += 1
    return str(n)
