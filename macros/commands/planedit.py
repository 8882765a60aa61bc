"""Append progress updates to a plan file's text, leaving every existing line as it is.

The plan keeps its comments, order, quoting and line endings: the new YAML is written here,
with every text value quoted (JSON-style double quotes, which YAML reads the same way) or, for a
note of several lines, as a literal block (``|-``), and inserted under each action: after the
last item of its ``updates:`` list, or as a new ``updates:`` field after the action's last line.
``git diff`` then shows only added lines. The edited text is read back and must give exactly the
old data plus the new updates, or nothing is returned.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from ..plans import yamlread

FIELD_ORDER = ("date", "status", "note", "evidence", "due", "reason", "by")


class EditError(ValueError):
    """The plan cannot be edited safely; the message says why and what to do."""


@dataclass(frozen=True)
class Addition:
    """Updates to append to the action at ``index`` of the plan's actions (or joint_work) list.
    ``tags`` (one per update) are returned with the lines written for each field."""

    index: int
    updates: tuple  # dicts with keys from FIELD_ORDER
    tags: tuple = ()


def _scalar(value: str, indent: int) -> list[str]:
    """``value`` as YAML text: the first element goes after 'key: ', the rest are lines."""
    if "\n" in value:
        block = ["|-"] + [(" " * indent + line) if line else "" for line in value.split("\n")]
        try:
            if yaml.safe_load("k: " + "\n".join(block) + "\n") == {"k": value}:
                return block
        except yaml.YAMLError:
            pass
    return [json.dumps(value, ensure_ascii=False)]


def _field(key: str, value, col: int) -> list[tuple[str, str]]:
    """(line, field) pairs for one field at column ``col``."""
    pad = " " * col
    if key == "evidence":
        out = [(f"{pad}evidence:", key)]
        for link in value:
            out.append((f"{pad}  - title: {json.dumps(link['title'], ensure_ascii=False)}", key))
            out.append((f"{pad}    url: {json.dumps(link['url'], ensure_ascii=False)}", "evidence.url"))
        return out
    if key == "status":  # a key of the vocabulary: plain, as plans write it
        return [(f"{pad}status: {value}", key)]
    first, *rest = _scalar(value, col + 2)
    return [(f"{pad}{key}: {first}", key)] + [(line, key) for line in rest]


def update_lines(update: dict, dash: int, col: int) -> list[tuple[str, str]]:
    """One update as a list item: the dash at column ``dash``, its fields at column ``col``."""
    out = []
    for key in FIELD_ORDER:
        if key in update:
            out.extend(_field(key, update[key], col))
    line, key = out[0]
    out[0] = (" " * dash + "-" + " " * (col - dash - 1) + line[col:], key)
    return out


def _last_line(node, lines: list[str]) -> int:
    """The 0-based index of the last line that holds part of ``node`` (not a blank line or a
    comment after it)."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        last = end.line if end.column > 0 else end.line - 1
        last = max(last, node.start_mark.line)
        if node.style in ("|", ">"):
            header = lines[node.start_mark.line][node.start_mark.column:].split("#")[0]
            if "+" not in header:  # trailing blank lines are not part of the value
                while last > node.start_mark.line and not lines[last].strip():
                    last -= 1
        return last
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    else:
        children = [n for pair in node.value for n in pair]
    if not children:
        return node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1
    return max(_last_line(child, lines) for child in children)


def _value(mapping, key: str):
    return next(((k, v) for k, v in mapping.value if k.value == key), (None, None))


def _parsed(text: str) -> tuple:
    """(byte-order mark or "", the newline it uses, its lines (each may end in \\r), the same
    lines without \\r, its YAML node tree)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    newline = "\r\n" if "\r\n" in body else "\n"
    lines = body.split("\n")
    plain = [line.rstrip("\r") for line in lines]
    return bom, newline, lines, plain, yaml.compose("\n".join(plain), Loader=yaml.SafeLoader)


def append_updates(text: str, list_key: str, additions: list[Addition]) -> tuple[str, dict]:
    """``text`` with the updates appended, and {1-based line number: (tag, field)} for every
    line written. Raises EditError when the plan's layout cannot take them safely."""
    bom, newline, lines, plain, root = _parsed(text)
    _, actions = _value(root, list_key) if isinstance(root, yaml.MappingNode) else (None, None)
    if not isinstance(actions, yaml.SequenceNode) or actions.flow_style:
        raise EditError(f"the plan has no block list '{list_key}:' to add updates to")

    inserts = []  # (after 0-based line, [(text, (tag, field))])
    for add in additions:
        action = actions.value[add.index]
        if not isinstance(action, yaml.MappingNode) or action.flow_style:
            raise EditError(f"action {add.index + 1} is not written as a block of fields: write it "
                            "one field per line")
        key_node, updates = _value(action, "updates")
        tags = add.tags or (None,) * len(add.updates)
        if isinstance(updates, yaml.SequenceNode) and updates.value:
            if updates.flow_style:
                raise EditError(f"the updates of action {add.index + 1} (line {key_node.start_mark.line + 1}) "
                                "are written in brackets: write them one per line, as '- date: ...' "
                                "items, then import again")
            dash = updates.start_mark.column
            col = updates.value[0].start_mark.column
            after = _last_line(updates, plain)
            head = []
        elif key_node is not None:  # `updates:` with nothing after it, or `updates: []`
            if isinstance(updates, yaml.SequenceNode) or (updates.value or "").strip():
                raise EditError(f"action {add.index + 1} has 'updates:' on line "
                                f"{key_node.start_mark.line + 1} with a value after it: delete the value, "
                                "then import again")
            dash = key_node.start_mark.column + 2
            col = dash + 2
            after = key_node.start_mark.line
            head = []
        else:
            key_col = action.value[0][0].start_mark.column
            dash, col = key_col + 2, key_col + 4
            after = _last_line(action, plain)
            head = [(" " * key_col + "updates:", (tags[0], "status"))]
        written = list(head)
        for update, tag in zip(add.updates, tags):
            written.extend((line, (tag, key)) for line, key in update_lines(update, dash, col))
        inserts.append((after, written))

    inserts.sort(key=lambda item: item[0])
    out, where, done = [], {}, 0
    for after, written in inserts:
        out.extend(lines[done:after + 1])
        done = after + 1
        for line, tag in written:
            out.append(line + ("\r" if newline == "\r\n" else ""))
            where[len(out)] = tag
    out.extend(lines[done:])
    if done == len(lines):  # the file did not end with a line break
        out.append("")
    return bom + "\n".join(out), where


def verify(old_text: str, new_text: str, list_key: str, additions: list[Addition]) -> None:
    """The new text must read as the old data with the updates appended: nothing else changed."""
    old = yamlread.read("plan", old_text.removeprefix("\ufeff"))
    new = yamlread.read("plan", new_text.removeprefix("\ufeff"))
    if any(p.level == "error" for p in old.problems + new.problems):
        raise EditError("the plan would not read the same after the edit: add these updates by hand")
    expected = old.data
    for add in additions:
        action = expected[list_key][add.index]
        action["updates"] = list(action.get("updates", [])) + [dict(u) for u in add.updates]
    if new.data != expected:
        raise EditError("the plan would not read the same after the edit: add these updates by hand")


REPORT_ORDER = ("date", "title", "meeting")


def append_report(text: str, report: dict) -> str:
    """``text`` with ``report`` (date, title, meeting) appended to the plan's ``reports:`` list,
    or a new ``reports:`` list at the end of the file. Only lines are added, as for updates."""
    bom, newline, lines, plain, root = _parsed(text)
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the plan is not a block of fields: add the progress report by hand")
    key_node, reports = _value(root, "reports")
    if isinstance(reports, yaml.SequenceNode) and reports.value:
        if reports.flow_style:
            raise EditError(f"the plan's reports (line {key_node.start_mark.line + 1}) are written in "
                            "brackets: write them one per line, as '- date: ...' items, then import again")
        dash, col, after, head = reports.start_mark.column, reports.value[0].start_mark.column, \
            _last_line(reports, plain), []
    elif key_node is not None:
        if isinstance(reports, yaml.SequenceNode) or (reports.value or "").strip():
            raise EditError(f"the plan has 'reports:' on line {key_node.start_mark.line + 1} with a value "
                            "after it: delete the value, then import again")
        dash, col, after, head = key_node.start_mark.column + 2, key_node.start_mark.column + 4, \
            key_node.start_mark.line, []
    else:
        after = max((i for i, line in enumerate(plain) if line.strip()), default=-1)
        dash, col, head = 2, 4, ["reports:"]
    fields = [f"{' ' * col}{key}: {json.dumps(report[key], ensure_ascii=False)}"
              for key in REPORT_ORDER if report.get(key)]
    fields[0] = " " * dash + "-" + " " * (col - dash - 1) + fields[0][col:]
    cr = "\r" if newline == "\r\n" else ""
    written = [line + cr for line in head + fields]
    out = lines[:after + 1] + written + lines[after + 1:]
    if after + 1 >= len(lines):  # the file did not end with a line break
        out.append("")
    return bom + "\n".join(out)


def verify_report(old_text: str, new_text: str, report: dict) -> None:
    """The new text must read as the old data with the report appended: nothing else changed."""
    old = yamlread.read("plan", old_text.removeprefix("\ufeff"))
    new = yamlread.read("plan", new_text.removeprefix("\ufeff"))
    if any(p.level == "error" for p in old.problems + new.problems) or not isinstance(old.data, dict):
        raise EditError("the plan would not read the same after the edit: add the progress report by hand")
    expected = old.data
    expected["reports"] = list(expected.get("reports") or []) + [{k: report[k] for k in REPORT_ORDER
                                                                   if report.get(k)}]
    if new.data != expected:
        raise EditError("the plan would not read the same after the edit: add the progress report by hand")
