"""The changes (``changes.compare``) worded for people: Markdown for a GitHub job summary, plain
text for a terminal. Plan text reaches the Markdown only through ``summary.escape``, so a value
cannot add links, images, HTML or headings; the preview's page renders the same records through
the autoescaping templates (``changes.html``).
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from ..changes import PlanChange, count_flags
from ..plans.problems import escape as escape_text
from .summary import escape

LOOK_TWICE = "Look twice"
# GitHub drops a step's job summary over 1 MiB (bytes) whole. scripts/check writes the changes
# (at most this) and then the check's summary (summary.MAX_SUMMARY_BYTES) to the same step.
MAX_MARKDOWN_BYTES = 384 * 1024
MAX_VALUE_CHARS = 2_000  # a longer value is cut in the Markdown, saying how long it was


def link(site_url: str, change: PlanChange, anchor: str = "") -> str:
    """The address of ``change``'s page (and ``anchor`` on it): absolute when ``site_url`` is
    given, else relative to the site's root. "" when the plan has no page."""
    if not change.page:
        return ""
    base = site_url.rstrip("/") + "/" if site_url else ""
    # The page and anchor come from the plan (its file name, its action ids): percent-encoded,
    # so that they cannot close a Markdown link or add another.
    # (A plan can write a lone surrogate as an escape, "\\ud800": encoded as it is, never a crash.)
    page = quote(change.page, safe="/-._~", errors="surrogatepass")
    return base + page + (f"#{quote(anchor, safe='-._~', errors='surrogatepass')}" if anchor else "")


def _heading_counts(changes: list[PlanChange]) -> str:
    flags = count_flags(changes)
    items = sum(len(c.items) for c in changes)
    return (f"{len(changes)} plan(s) changed, {items} change(s); "
            f"{flags} to look at twice" if changes else "no plan changed")


def _words_text(words) -> str:
    return " ".join(t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in words)


def _words_markdown(words) -> str:
    return " ".join(escape(t) if op == "=" else f"~~{escape(t)}~~" if op == "-" else f"**{escape(t)}**"
                    for op, t in words)


def _field(f, added: bool, label: str, value, words) -> str:
    """A field's change in words (a new action's fields: just their values), with ``label``
    as given and the values and reworded words shown by ``value`` and ``words``."""
    if f.how == "reworded":
        return f"{label} reworded: {words(f.words)}"
    if f.how == "changed from":
        return f"{label} changed from {value(f.old)} to {value(f.new)}"
    if f.how == "removed":
        return f"{label} removed (it was {value(f.old)})"
    return f"{label}{'' if added else ' added'}: {value(f.new)}"


def _text_field(f, added: bool) -> str:
    return _field(f, added, f.label, _quoted, _words_text)


def _text_links(links) -> str:
    return "".join(f"; evidence: {title}" + (f" <{url}>" if url else " (not a web address)")
                   for title, url in links)


def text(changes: list[PlanChange], base: str, site_url: str = "") -> str:
    """Plain text for a terminal: everything from a plan shown as text (see the end)."""
    lines = [f"Changes to the plans compared with {base}: {_heading_counts(changes)}"]
    for change in changes:
        where = change.file or change.old_file
        lines += ["", f"{change.name} ({where}, {change.status})"]
        lines += [f"  note: {n}" for n in change.notes]
        for item in change.items:
            address = link(site_url, change, item.anchor)
            lines.append(f"  - {item.title}{_text_links(item.links)}" + (f"  <{address}>" if address else ""))
            if item.flag:
                lines.append(f"    {LOOK_TWICE.upper()}: {item.flag}")
            for f in item.fields:
                lines.append(f"    {_text_field(f, item.kind == 'action-added')}")
    # Plan values (and the base's commit subject) reach the terminal as text: line breaks,
    # escape sequences, bidirectional and invisible characters are shown escaped (\n, \x1b,
    # \u202e), so a value can neither add a line nor clear or recolour the screen.
    return "\n".join(escape_text(line) for line in lines) + "\n"


def _quoted(value: str) -> str:
    return f'"{" ".join(value.split())}"' if value else "(none)"


def _md_value(value: str) -> str:
    return escape(_cut(" ".join(value.split()))) if value else "*(none)*"


def _cut(text: str, limit: int = None) -> str:
    limit = limit or MAX_VALUE_CHARS
    return text if len(text) <= limit else f"{text[:limit - 1]}… (cut here: {len(text):,} characters in all)"


def _size(lines) -> int:
    """What ``lines`` weigh in the job summary: GitHub counts bytes (UTF-8), not characters."""
    return sum(len(line.encode("utf-8", "surrogatepass")) + 1 for line in lines)


def _plan_block(change: PlanChange, site_url: str) -> tuple[list, list]:
    """(heading lines, [(flagged, lines)] per item) of one plan's changes."""
    where = escape(change.file or change.old_file)
    page = link(site_url, change)
    title = f"[{escape(change.name)}]({page})" if page and site_url else escape(change.name)
    # The heading starts with words of ours: a name cannot pass for a heading of the summary.
    head = [f"### Changes to {title}", "", f"{where}: {change.status}", ""]
    head += [f"> {escape(_cut(n))}" for n in change.notes] + ([""] if change.notes else [])
    items = []
    for item in change.items:
        address = link(site_url, change, item.anchor)
        flag = f"**{LOOK_TWICE}:** " if item.flag else ""
        entry = escape(_cut(item.title))
        if address and site_url:
            entry += f" ([on the site]({address}))"
        elif address:
            entry += f" ({escape(address)})"
        lines = [f"- {flag}{entry}{_md_links(item.links)}"]
        if item.flag:
            lines.append(f"  - why: {escape(item.flag)}")
        for f in item.fields:
            lines.append(f"  - {_md_field(f, item.kind == 'action-added')}")
        items.append((bool(item.flag), lines))
    return head, items


def _md_field(f, added: bool) -> str:
    return _field(f, added, escape(f.label), _md_value, lambda words: _words_markdown(_cut_words(words)))


def _md_links(links) -> str:
    """Evidence as titled links, each followed by its site's name as code (where it leads)."""
    out = ""
    for title, url in links:
        if url:
            try:
                host = urlsplit(url).hostname or ""
            except ValueError:
                host = ""
            target = quote(url, safe=":/?#[]@!$&'*+,;=%-._~", errors="surrogatepass").replace("(", "%28") \
                .replace(")", "%29").replace("[", "%5B").replace("]", "%5D")
            out += f"; evidence: [{escape(_cut(title, 200))}]({target}) (on {escape(host) or 'an unnamed site'})"
        else:
            out += f"; evidence: {escape(_cut(title, 200))} (not a web address)"
    return out


def _cut_words(words) -> list:
    out, left = [], MAX_VALUE_CHARS
    for op, text in words:
        if left <= 0:
            out.append(("=", "… (the rest is cut here)"))
            break
        out.append((op, _cut(text, max(left, 2))))
        left -= len(text)
    return out


def markdown(changes: list[PlanChange], base: str, site_url: str = "",
             heading: str = "Changes in this pull request", max_bytes: int = MAX_MARKDOWN_BYTES) -> str:
    """Markdown for a GitHub job summary (or a pull request comment), at most ``max_bytes``.

    GitHub drops a job summary over 1 MiB whole, flags and all. Past the budget, the items
    marked Look twice are kept first, then the others in order; what is left out is counted,
    per plan and in all, with the command that lists everything."""
    flags = count_flags(changes)
    lines = [f"## {heading}", "",
             f"Compared with {escape(base)}: {_heading_counts(changes)}."
             + (f" Items marked **{LOOK_TWICE}** change or remove what is already published." if flags else ""),
             ""]
    blocks = [_plan_block(change, site_url) for change in changes]
    budget = max_bytes - _size(lines) - 2_000  # (room for the lines that count what is left out)
    chosen: set = set()
    opened: set = set()
    for flagged_pass in (True, False):
        for c, (head, items) in enumerate(blocks):
            entries = items or [(True, [])]  # a plan with no items (only notes) comes with the flags
            for i, (flagged, item_lines) in enumerate(entries):
                if flagged != flagged_pass:
                    continue
                cost = _size(item_lines) + (0 if c in opened else _size(head) + 200)
                if cost > budget:
                    continue
                budget -= cost
                opened.add(c)
                chosen.add((c, i))
    left_out = left_flags = 0
    for c, (change, (head, items)) in enumerate(zip(changes, blocks)):
        if c not in opened:
            left_out += len(items)
            left_flags += sum(f for f, _ in items)
            continue
        lines += head
        missing = 0
        for i, (flagged, item_lines) in enumerate(items):
            if (c, i) in chosen:
                lines += item_lines
            else:
                missing += 1
                left_flags += flagged
        if missing:
            lines.append(f"- {missing} more change(s) to this plan are not listed here.")
        left_out += missing
        lines.append("")
    if left_out:
        plans = sum(1 for c in range(len(changes)) if c not in opened)
        lines += [f"**Not listed here: {left_out} change(s)"
                  + (f", {left_flags} of them marked {LOOK_TWICE}," if left_flags else "")
                  + (f" including every change to {plans} plan(s)," if plans else "")
                  + "** because GitHub drops a job summary over 1 MiB: run `python -m macros changes` "
                  "to see every change.", ""]
    return "\n".join(lines) + "\n"
