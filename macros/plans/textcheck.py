"""Characters a plan may not hold, fields too long or on several lines, and look-alike names.

Control characters (terminal escapes, NUL, a bare carriage return), bidirectional controls
(which reverse the rest of a line on the page) and zero-width characters (which make one
name look like another) are refused at their line and column with the character's Unicode
name. Newlines are allowed in text fields only.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

from . import schema
from .limits import MAX_FIELD_CHARS, MAX_PER_FILE, shorten
from .problems import escape

# Characters with no name in the Unicode database.
_CONTROL_NAMES = {"\x00": "NULL", "\x07": "BELL", "\x08": "BACKSPACE", "\t": "CHARACTER TABULATION (tab)",
                  "\x0b": "LINE TABULATION", "\x0c": "FORM FEED", "\r": "CARRIAGE RETURN",
                  "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE"}
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def forbidden(ch: str) -> bool:
    """Whether ``ch`` may not appear in a plan (newline excepted: text fields may hold it)."""
    return ch != "\n" and (unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs") or noncharacter(ch))


def noncharacter(ch: str) -> bool:
    """U+FDD0-U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, ...): never
    text, and neither XML (so no .xlsx cell) nor a web page can carry them."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


# Characters worth a closer look: ASCII controls (not newline) and everything beyond ASCII
# (rare in plans, so the Unicode category is looked up for few characters).
_CANDIDATE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]|[^\x00-\x7f]")


def first_forbidden(text: str) -> str | None:
    first = _CANDIDATE.search(text)  # (most values have no candidate at all)
    if first is None:
        return None
    for m in _CANDIDATE.finditer(text, first.start()):
        if forbidden(m.group()):
            return m.group()
    return None


def describe(ch: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    name = (unicodedata.name(ch, None) or _CONTROL_NAMES.get(ch)
            or ("NONCHARACTER" if noncharacter(ch) else
                "PRIVATE USE CHARACTER" if unicodedata.category(ch) == "Co" else "CONTROL CHARACTER"))
    return f"U+{ord(ch):04X} {name}"


def _why(ch: str) -> str:
    if ch in _BIDI:
        return ("a bidirectional control, which makes the rest of the line read backwards or look like "
                "other text")
    if unicodedata.category(ch) == "Cf":
        return "an invisible character, which makes text look like other text"
    if noncharacter(ch):
        return "a noncharacter, which is never text (web pages and spreadsheets cannot hold it)"
    if unicodedata.category(ch) == "Co":
        return "a private-use character, which each computer shows differently or not at all"
    return "a control character, often pasted from a PDF, Word or a terminal"


def character_message(ch: str) -> str:
    return (f"this line contains {describe(ch)}, {_why(ch)}: delete it (if the text was pasted, "
            "type it again)")


def raw_problems(text: str) -> list[tuple[int, int, str]]:
    """(line, col, message) for every forbidden character in the file as written (comments and
    field names too). A tab in a line's indentation is left to the YAML reader, which explains it;
    a carriage return that ends a line (Windows line endings) is fine."""
    found: list[tuple[int, int, str]] = []
    extra = 0
    starts = None  # where each line starts: worked out at the first forbidden character
    for m in _CANDIDATE.finditer(text):
        ch = m.group()
        if not forbidden(ch):
            continue
        if starts is None:
            starts = [0] + [newline.end() for newline in re.finditer("\n", text)]
        number = bisect.bisect_right(starts, m.start())
        start = starts[number - 1]
        col = m.start() - start + 1
        end = text.find("\n", start)
        line = text[start:len(text) if end < 0 else end]
        indent = len(line) - len(line.lstrip(" \t"))
        if (ch == "\t" and col <= indent) or (ch == "\r" and col == len(line)):
            continue
        if len(found) < MAX_PER_FILE:
            found.append((number, col, character_message(ch)))
        else:
            extra += 1
    if extra:
        line, col, _ = found[-1]
        found.append((line, col, f"and {extra:,} more such characters after this one in this file: "
                                 "delete them too"))
    return found


def _walk(data, at=(), shape=(), out=None) -> list:
    """(path, shape, text, is a field name) for every field name and text value in ``data``, in
    document order; ``shape`` is the path with every list index written 0 (what _field_at
    looks up). A list built in one pass, not nested generators: a plan has tens of thousands."""
    out = [] if out is None else out
    if isinstance(data, dict):
        for key, value in data.items():
            here, there = at + (key,), shape + (0 if isinstance(key, int) else key,)
            out.append((here, there, key, True))
            _walk(value, here, there, out)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _walk(value, at + (i,), shape + (0,), out)
    elif isinstance(data, str):
        out.append((at, shape, data, False))
    return out


@lru_cache(maxsize=4096)
def _field_at(definition: str, path: tuple) -> dict | None:
    """The schema node of the string field at ``path``, every list index written 0 (None when the
    schema does not describe one there: the schema reports that). ``text`` tells whether it is a
    text field."""
    node = {"$ref": f"#/definitions/{definition}"}
    for part in path:
        node = schema.resolve(node)
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    is_text = node.get("$ref") == "#/definitions/text"
    node = schema.resolve(node) if node else {}
    return {"text": is_text, **node} if node.get("type") == "string" else None


def value_problems(data, definition: str, at) -> list[tuple[tuple, str]]:
    """(position, message) for values that break the rules once read: characters written as
    escapes in double quotes ("\\u202e"), a line break in a one-line field, a field too long.
    ``at(path, point)`` gives the (line, col) of a value or key."""
    found = []
    for path, shape, value, is_key in _walk(data):
        bad = first_forbidden(value)
        if bad is not None:
            where = "field name" if is_key else schema.human_name(definition, path)
            found.append((at(path, "key" if is_key else "value"),
                          f"{schema.where(definition, path)}{where} contains {describe(bad)}, "
                          f"{_why(bad)}: delete it"))
            continue
        if is_key:
            continue
        node = _field_at(definition, shape)
        if node is None:
            continue
        def label():
            return f"{schema.where(definition, path)}{schema.human_name(definition, path)}"
        if len(value) > MAX_FIELD_CHARS and path[-1:] != ("url",):
            found.append((at(path, "value"),
                          f"{label()} is {len(value):,} characters long, more than the {MAX_FIELD_CHARS:,} "
                          "a field may hold: check that only this field's text was pasted here"))
        elif not node["text"] and "\n" in value and not {"pattern", "enum"} & set(node):
            # (a pattern or a list of values is the schema's to report, matched whole)
            found.append((at(path, "value"),
                          f"{label()} must be on one line; found '{escape(shorten(value))}': remove the "
                          "line break (a value after '|' or '>' ends with one: write the value on the "
                          "same line as its field)"))
    return found


def name_key(name: str) -> str:
    """What a name looks like to a reader: NFKC, case folded, without invisible characters and
    white space. Two names with the same key look the same on the page."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if not forbidden(ch) and not ch.isspace())
    return unicodedata.normalize("NFKC", text.casefold())
