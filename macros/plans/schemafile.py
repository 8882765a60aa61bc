"""macros/schema.json, read once, and the action id pattern that messages test ids against.

The lowest module of the plan format: ``schema`` (validation and messages), ``names`` (how
messages name an action) and ``progresscheck`` build on it, so none of them imports another in
a circle.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

SCHEMA_PATH = Path(__file__).parent.parent / "schema.json"  # macros/schema.json: plans' modelines name it


@lru_cache(maxsize=None)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def is_action_id(value) -> bool:
    """Whether ``value`` is a well-formed action id (schema.json's action_id, matched whole)."""
    return isinstance(value, str) and re.fullmatch(schema()["definitions"]["action_id"]["pattern"].strip("^$"),
                                                   value) is not None
