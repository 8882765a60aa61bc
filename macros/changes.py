"""What a change to the plans does, in plain words: the pure comparison of two sets of plan texts.

``compare(before, after, today)`` takes {file name: YAML text} for the base revision and for the
working tree and returns one ``PlanChange`` per plan file that differs: actions added, removed
and edited (field by field), progress updates added, statuses changed, due dates revised,
provenance and other plan details changed, and the things a reviewer must look at twice
(``Item.flag``): a published action or progress update removed or rewritten, an id changed, a
page address changed, an update dated in the future or before the previous one.

Actions are matched by their ``id`` (by position where a plan has no ids), then pairs left over
by the similarity of their text, so a changed id reads as one action whose id changed. Nothing
here imports mkdocs or runs git (``gitplans`` reads the revisions; ``changes_report`` words the
result as Markdown, plain text or the preview's page).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .plans import limits, names, schema, yamlread

LONG_TEXT = 80  # characters: a longer text (or one with a line break) is shown as a word diff
_TEXT_FIELDS = ("action", "current_position", "recommendation_title")
# Fields whose change rewrites what was published (the promise itself, and its baseline date).
_PUBLISHED = ("action", "current_position", "recommendation", "due")


@dataclass
class FieldChange:
    """One field of a block: ``label`` (as an editor knows it), old and new value as text
    ("" when absent). ``words`` is a word-level difference for long texts:
    [(op, text)] with op "=", "-" (removed) or "+" (added)."""

    label: str
    old: str
    new: str
    words: list = field(default_factory=list)
    how: str = ""  # in words: "changed from", "reworded", "added", "removed"


@dataclass
class Item:
    """One change to one plan, in plain words. ``anchor`` is the fragment on the plan's page
    ("" for the top of the page); ``flag`` says why a reviewer must look twice ("" if not)."""

    kind: str  # action-added, action-removed, action-edited, id-changed, update-added,
    #            update-removed, update-rewritten, status, due, provenance, plan, report-added
    title: str
    anchor: str = ""
    fields: list = field(default_factory=list)
    flag: str = ""
    links: list = field(default_factory=list)  # (title, url): evidence, shown as titled links


@dataclass
class PlanChange:
    """Every change to one plan file. ``status`` is added, removed, renamed or edited.
    ``page`` is the plan's page on the site ("organisations/<id>/"), or "" for a joint response
    no organisation names. ``notes`` say when a side could not be read or did not pass the check."""

    file: str
    old_file: str
    status: str
    name: str
    page: str
    items: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def flags(self) -> int:
        return sum(bool(i.flag) for i in self.items)


# --- reading --------------------------------------------------------------------------------

@dataclass
class _Plan:
    file: str
    text: str
    data: dict | None
    problems: list


def _read(file: str, text: str) -> _Plan:
    """The plan's data (None if it cannot be read as YAML) and its problems as (line, message).
    Like the check, it reads no file past the size limit, and yamlread measures the depth first."""
    if len(text.encode("utf-8", "replace")) > limits.MAX_PLAN_BYTES:
        return _Plan(file, text, None, [(1, f"the file is larger than {limits.MAX_PLAN_BYTES:,} bytes, the "
                                             "most a plan may be")])
    doc = yamlread.read(file, text)
    problems = [(p.line, p.message) for p in doc.problems if p.level == "error"]
    data = doc.data if isinstance(doc.data, dict) and not problems else None
    if data is not None:
        for path, _point, message in schema.messages(_definition(data), data, empty=doc.empty):
            problems.append((doc.value_at.get(tuple(path), (1, 1))[0], message))
    elif not problems:
        problems.append((1, "this file is not a plan (a block of fields)"))
    return _Plan(file, text, data, problems)


def _definition(data: dict) -> str:
    return "joint_response" if str(data.get("kind", "")).strip().lower() == "joint" else "organisation_plan"


def _note(plan: _Plan, side: str) -> list[str]:
    if not plan.problems:
        return []
    line, message = plan.problems[0]
    more = f" (and {len(plan.problems) - 1} more)" if len(plan.problems) > 1 else ""
    if plan.data is None:
        return [f"{side} this plan could not be read, so its changes cannot be listed: line {line}: "
                f"{message}{more}"]
    tense = "does not pass today's" if side.startswith("At the base") else "does not pass the"
    return [f"{side} this plan {tense} check (line {line}: {message}{more}); it is compared as written"]


# --- values as text -------------------------------------------------------------------------

def as_text(value) -> str:
    """A value as words: a list as its items, a block as its fields ("title: …, url: …"), an
    evidence link as its title and address; never JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(as_text(v) for v in value) if any(isinstance(v, (dict, list)) for v in value) \
            else ", ".join(as_text(v) for v in value)
    if isinstance(value, dict):
        if set(value) == {"title", "url"}:
            return f"{as_text(value['title'])} ({as_text(value['url'])})"
        return ", ".join(f"{k}: {as_text(v)}" for k, v in value.items())
    return str(value)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)]: the words kept ("="), removed ("-") and added ("+"), in order."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def _field(label: str, old, new) -> FieldChange:
    old_text, new_text = as_text(old), as_text(new)
    long = max(len(old_text), len(new_text)) > LONG_TEXT or "\n" in old_text + new_text
    words = word_diff(old_text, new_text) if long and old_text and new_text else []
    how = "added" if not old_text else "removed" if not new_text else "reworded" if words else "changed from"
    return FieldChange(label, old_text, new_text, words, how)


def _changed(old: dict, new: dict, skip=()) -> list[str]:
    """The keys whose values differ, in the order the plan writes them."""
    return [k for k in list(old) + [k for k in new if k not in old]
            if k not in skip and old.get(k) != new.get(k)]


def _fields(definition: str, at: tuple, old: dict, new: dict, skip=()) -> list[FieldChange]:
    return [_field(schema.human_name(definition, at + (k,)), old.get(k), new.get(k))
            for k in _changed(old, new, skip)]


def short(text: str, limit: int = 60) -> str:
    """The start of ``text`` on one line, cut at a word."""
    return names.short(text, limit)


# --- actions --------------------------------------------------------------------------------

def _key(row: dict, index: int):
    ident = row.get("id")
    return ("id", str(ident)) if isinstance(ident, (str, int)) and not isinstance(ident, bool) \
        and str(ident) else ("position", index)


def action_label(row: dict, index: int, noun: str = "action") -> str:
    """'action 2.1 "Review complaints information…"': as the check's messages name it."""
    return names.item_label(row, index, noun, limit=60)


def _anchor(row: dict, index: int, joint: bool) -> str:
    ident = row.get("id")
    if isinstance(ident, (str, int)) and str(ident):
        return f"{'joint' if joint else 'action'}-{ident}"
    return "" if joint else f"action-{index + 1}"


def _text_of(row: dict) -> str:
    return " ".join(str(row.get(k, "")) for k in _TEXT_FIELDS)


def _rows(data: dict | None, key: str) -> list[tuple[int, dict]]:
    rows = data.get(key) if data else None
    return [(i, r) for i, r in enumerate(rows) if isinstance(r, dict)] if isinstance(rows, list) else []


def _match(old_rows, new_rows):
    """(pairs [(old_i, old_row, new_i, new_row)], removed, added): by key, then by similar text."""
    old_by_key = {_key(r, i): (i, r) for i, r in old_rows}
    new_by_key = {_key(r, i): (i, r) for i, r in new_rows}
    pairs = [(*old_by_key[k], *new_by_key[k]) for k in old_by_key if k in new_by_key]
    removed = [(i, r) for k, (i, r) in old_by_key.items() if k not in new_by_key]
    added = [(i, r) for k, (i, r) in new_by_key.items() if k not in old_by_key]
    for oi, orow in list(removed):
        best, score = None, 0.6
        for ni, nrow in added:
            ratio = difflib.SequenceMatcher(None, _text_of(orow), _text_of(nrow), autojunk=False).ratio()
            if ratio > score:
                best, score = (ni, nrow), ratio
        if best:
            pairs.append((oi, orow, *best))
            removed.remove((oi, orow))
            added.remove(best)
    pairs.sort(key=lambda p: p[2])
    return pairs, removed, added


def _status_of(row: dict) -> str:
    updates = [u for u in row.get("updates") or [] if isinstance(u, dict)] \
        if isinstance(row.get("updates"), list) else []
    for update in reversed(updates):
        if update.get("status"):
            return as_text(update["status"])
    return as_text(row.get("status"))


def _updates(row: dict) -> list:
    value = row.get("updates")
    return [u if isinstance(u, dict) else {} for u in value] if isinstance(value, list) else []


def _update_title(update: dict, statuses: dict) -> str:
    status = statuses.get(as_text(update.get("status")), as_text(update.get("status")) or "no status")
    note = f': "{short(update["note"])}"' if isinstance(update.get("note"), str) and update["note"] else ""
    return f"dated {as_text(update.get('date')) or 'with no date'}, {status}{note}"


def _action_items(definition: str, key: str, pairs, removed, added, joint: bool,
                  statuses: dict, today: str) -> list[Item]:
    noun = "joint work area" if joint else "action"
    items: list[Item] = []
    for i, row in removed:
        items.append(Item("action-removed", f"{action_label(row, i, noun)} removed",
                          flag=f"a published {noun} is removed: its entry and its link disappear "
                               "from the site"))
    for oi, old, ni, new in pairs:
        label = action_label(new, ni, noun)
        anchor = _anchor(new, ni, joint)
        at = (key, ni)
        if _key(old, oi)[0] == "id" and _key(new, ni)[0] == "id" and _key(old, oi) != _key(new, ni):
            items.append(Item("id-changed", f"{label}: id changed from {old['id']} to {new['id']}",
                              anchor, flag=f"an id changed: links to #{_anchor(old, oi, joint)} stop "
                                           "working; an id must not change once published"))
        elif _key(old, oi)[0] != _key(new, ni)[0] and new.get("id") is not None:
            before = _anchor(old, oi, joint)
            moved = f": its link changes from #{before} to #{anchor}" if before and before != anchor else ""
            items.append(Item("id-changed", f"{label}: id {new['id']} given{moved}", anchor))
        edited = _fields(definition, at, old, new, skip=("id", "updates"))
        if edited:
            rewritten = [schema.human_name(definition, at + (k,)) for k in _changed(old, new)
                         if k in _PUBLISHED]
            flag = ""
            if rewritten:
                flag = (f"the published {noun}'s " + " and ".join(rewritten) + " changed: check that "
                        "the source says so" + ("; a revised due date belongs in a progress update, "
                                                "with its reason" if "due" in _changed(old, new) else ""))
            items.append(Item("action-edited", f"{label} edited", anchor, edited, flag))
        items += _update_items(old, new, label, anchor, definition, at, statuses, today)
    for i, row in added:
        items.append(Item("action-added", f"{action_label(row, i, noun)} added", _anchor(row, i, joint),
                          [_field(schema.human_name(definition, (key, i, k)), None, v)
                           for k, v in row.items() if k not in ("id", "updates")]))
        items += _update_items({}, row, action_label(row, i, noun), _anchor(row, i, joint),
                               definition, (key, i), statuses, today)
    return items


def _links(update: dict) -> list[tuple[str, str]]:
    """(title, address) of the update's evidence; the address is "" unless it is http(s)."""
    evidence = update.get("evidence")
    out = []
    for e in evidence if isinstance(evidence, list) else []:
        if isinstance(e, dict):
            url = as_text(e.get("url"))
            out.append((as_text(e.get("title")) or url, url if re.match(r"https?://[^\s]+\Z", url) else ""))
    return out


def _added_update(update: dict, label: str, previous_status: str, baseline: str, statuses: dict) -> str:
    """One line for an added update: its date, its status (and the one it replaces), the start of
    its note, a revised due date with its reason, and who gave it."""
    key = as_text(update.get("status"))
    status = statuses.get(key, key) or "no status"
    if previous_status != key:
        was = statuses.get(previous_status, previous_status) if previous_status else "no update before"
        status += f" (was {was})"
    parts = [f"{label}: update dated {as_text(update.get('date')) or '(no date)'}: {status}"]
    if isinstance(update.get("note"), str) and update["note"].strip():
        parts.append(f'"{short(update["note"], 80)}"')
    if update.get("due"):
        reason = f" because: {short(as_text(update.get('reason')), 120)}" if update.get("reason") else \
            " (no reason given)"
        parts.append(f"completion date revised from {baseline or 'not stated'} to {as_text(update['due'])}{reason}")
    if update.get("by"):
        parts.append(f"given by {short(as_text(update['by']), 60)}")
    return "; ".join(parts)


def _update_items(old: dict, new: dict, label: str, anchor: str, definition: str, at: tuple,
                  statuses: dict, today: str) -> list[Item]:
    """One item per update added (its status, note, revised date and evidence in one line), and
    one per update removed or rewritten. A status change is said on the update that made it; on a
    line of its own only when no update was added (an update removed or rewritten)."""
    items: list[Item] = []
    before, after = _updates(old), _updates(new)
    for n, update in enumerate(before):
        if n >= len(after):
            items.append(Item("update-removed", f"{label}: progress update {_update_title(update, statuses)} "
                                                "removed", anchor,
                              flag="a published progress update is removed: updates are a record and "
                                   "are only ever added"))
        elif after[n] != update:
            items.append(Item("update-rewritten", f"{label}: progress update {_update_title(update, statuses)} "
                                                  "rewritten", anchor,
                              _fields(definition, at + ("updates", n), update, after[n]),
                              flag="a published progress update is rewritten: add a new update "
                                   "instead of changing an old one"))
    previous = as_text(before[-1].get("date")) if before and len(after) >= len(before) else ""
    status_before = _status_of({"updates": after[:len(before)], "status": new.get("status")}) \
        if len(after) > len(before) else ""
    for n in range(len(before), len(after)):
        update = after[n]
        date = as_text(update.get("date"))
        flags = []
        if date and today and date > today:
            flags.append(f"it is dated in the future ({date}, after {today})")
        prior = as_text(after[n - 1].get("date")) if n else previous
        if date and prior and date < prior:
            flags.append(f"it is dated before the update above it ({prior}): updates go oldest first")
        title = _added_update(update, label, status_before, _effective_due(after[:n], new) if update.get("due")
                              else "", statuses)
        items.append(Item("update-added", title, anchor, [], "; ".join(flags), _links(update)))
        status_before = as_text(update.get("status"))
    old_status, new_status = _status_of(old), _status_of(new)
    if old and old_status != new_status and len(after) <= len(before):
        items.append(Item("status", f"{label}: status changed from "
                                    f"{statuses.get(old_status, old_status) or 'none reported'} to "
                                    f"{statuses.get(new_status, new_status) or 'none reported'}", anchor))
    return items


def _effective_due(updates: list, row: dict) -> str:
    for update in reversed(updates):
        if update.get("due"):
            return as_text(update["due"])
    return as_text(row.get("due"))


# --- plans ----------------------------------------------------------------------------------

_PLAN_SKIP = ("actions", "joint_work", "provenance", "reports")


def _plan_items(old: dict, new: dict, today: str, statuses: dict) -> list[Item]:
    definition = _definition(new or old)
    items: list[Item] = []
    details = _fields(definition, (), old, new, skip=_PLAN_SKIP) if old else []
    if details:
        items.append(Item("plan", "plan details edited", "", details))
    prov_old = old.get("provenance") if isinstance(old.get("provenance"), dict) else {}
    prov_new = new.get("provenance") if isinstance(new.get("provenance"), dict) else {}
    if old and prov_old != prov_new:
        items.append(Item("provenance", "source document details (provenance) changed", "source",
                          _fields(definition, ("provenance",), prov_old, prov_new)))
    old_reports = old.get("reports") if isinstance(old.get("reports"), list) else []
    for report in (new.get("reports") if isinstance(new.get("reports"), list) else [])[len(old_reports):]:
        if isinstance(report, dict):
            items.append(Item("report-added", f'progress report added: "{short(as_text(report.get("title")))}" '
                                              f"dated {as_text(report.get('date')) or 'not stated'}", ""))
    key = "joint_work" if definition == "joint_response" else "actions"
    pairs, removed, added = _match(_rows(old, key), _rows(new, key))
    items += _action_items(definition, key, pairs, removed, added, key == "joint_work", statuses, today)
    return items


def _page(data: dict | None, file: str, members: dict) -> str:
    ident = data.get("id") if data else None
    stem = file.rsplit(".", 1)[0]
    if data and _definition(data) == "joint_response":
        names = sorted(members.get(stem, ()))
        return f"organisations/{names[0]}/" if names else ""
    return f"organisations/{ident if schema.is_identifier(ident) else stem}/"


def _name(plan: _Plan | None, file: str) -> str:
    name = plan.data.get("name") if plan and plan.data else None
    return name if isinstance(name, str) and name else file


def _renames(removed: list[str], added: list[str], before: dict, after: dict) -> list[tuple[str, str]]:
    pairs = []
    for old in list(removed):
        best, score = None, 0.5
        for new in added:
            ratio = difflib.SequenceMatcher(None, before[old].splitlines(), after[new].splitlines(),
                                            autojunk=False).ratio()
            if ratio > score:
                best, score = new, ratio
        if best:
            pairs.append((old, best))
            removed.remove(old)
            added.remove(best)
    return pairs


def compare(before: dict[str, str], after: dict[str, str], today: str = "",
            statuses: dict | None = None, folder: str = "plans") -> list[PlanChange]:
    """Every plan file that differs between ``before`` and ``after`` ({file name: text}), in
    file-name order. ``today`` (YYYY-MM-DD) is the date updates must not be after; ``statuses``
    maps status keys to their labels; ``folder`` prefixes the file names shown."""
    statuses = statuses or {}
    read_before = {f: _read(f"{folder}/{f}", t) for f, t in before.items()}
    read_after = {f: _read(f"{folder}/{f}", t) for f, t in after.items()}
    members: dict = {}
    for f, plan in read_after.items():
        joint = plan.data.get("joint_response") if plan.data else None
        if isinstance(joint, str):
            members.setdefault(joint, []).append(f.rsplit(".", 1)[0])
    removed = sorted(set(before) - set(after))
    added = sorted(set(after) - set(before))
    renames = _renames(removed, added, before, after)
    out: list[PlanChange] = []
    pairs = [(f, f) for f in sorted(set(before) & set(after)) if before[f] != after[f]] + renames
    for old_file, new_file in pairs:
        old, new = read_before[old_file], read_after[new_file]
        status = "renamed" if old_file != new_file else "edited"
        change = PlanChange(f"{folder}/{new_file}", f"{folder}/{old_file}", status, _name(new, new_file),
                            _page(new.data, new_file, members))
        change.notes = _note(old, "At the base revision") + _note(new, "Now")
        if status == "renamed":
            old_page, new_page = _page(old.data, old_file, members), change.page
            change.items.append(Item("renamed", f"plan file renamed from {old_file} to {new_file}", "",
                                     flag=(f"the page address changes from {old_page} to {new_page}: "
                                           "links to the old address stop working")
                                     if old_page != new_page else ""))
        if old.data is not None and new.data is not None:
            change.items += _plan_items(old.data, new.data, today, statuses)
        elif old.data is None and new.data is not None:
            change.items += _plan_items({}, new.data, today, statuses)
        if change.items or change.notes:
            out.append(change)
    for f in added:
        new = read_after[f]
        change = PlanChange(f"{folder}/{f}", "", "added", _name(new, f), _page(new.data, f, members))
        change.notes = _note(new, "Now")
        if new.data is not None:
            change.items.append(Item("plan-added", "new plan: its page is added to the site"))
            change.items += _plan_items({}, new.data, today, statuses)
        out.append(change)
    for f in removed:
        old = read_before[f]
        change = PlanChange("", f"{folder}/{f}", "removed", _name(old, f), "")
        change.items.append(Item("plan-removed", f"plan {folder}/{f} deleted",
                                 flag="a published plan is removed: its page and every link to it "
                                      "disappear from the site"))
        out.append(change)
    return sorted(out, key=lambda c: c.file or c.old_file)


def count_flags(changes: list[PlanChange]) -> int:
    return sum(c.flags for c in changes)


def status_labels(text: str | None) -> dict:
    """key -> label from the text of macros/data/statuses.yaml (empty if there is none)."""
    if not text:
        return {}
    doc = yamlread.read("statuses.yaml", text)
    rows = doc.data.get("statuses") if isinstance(doc.data, dict) else doc.data
    return {r["key"]: r.get("label", r["key"]) for r in rows or [] if isinstance(r, dict) and "key" in r} \
        if isinstance(rows, list) else {}

