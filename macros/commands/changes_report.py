"""The changes (``changes.compare``) worded for people: Markdown for a GitHub job summary, plain
text for a terminal. Plan text reaches the Markdown only through ``summary.escape``, so a value
cannot add links, images, HTML or headings; the preview's page renders the same records through
the autoescaping templates (``changes.html``).
"""
from __future__ import annotations

from urllib.parse import quote

from ..plans.problems import escape as escape_text
from .changes import PlanChange, count_flags
from .summary import escape

LOOK_TWICE = "Look twice"
MAX_MARKDOWN = 512 * 1024  # characters: GitHub drops a job summary over 1 MiB whole


def link(site_url: str, change: PlanChange, anchor: str = "") -> str:
    """The address of ``change``'s page (and ``anchor`` on it): absolute when ``site_url`` is
    given, else relative to the site's root. "" when the plan has no page."""
    if not change.page:
        return ""
    base = site_url.rstrip("/") + "/" if site_url else ""
    # The page and anchor come from the plan (its file name, its action ids): percent-encoded,
    # so that they cannot close a Markdown link or add another.
    return base + quote(change.page, safe="/-._~") + (f"#{quote(anchor, safe='-._~')}" if anchor else "")


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


def text(changes: list[PlanChange], base: str, site_url: str = "") -> str:
    """Plain text for a terminal: everything from a plan shown as text (see the end)."""
    lines = [f"Changes to the plans compared with {base}: {_heading_counts(changes)}"]
    for change in changes:
        where = change.file or change.old_file
        lines += ["", f"{change.name} ({where}, {change.status})"]
        lines += [f"  note: {n}" for n in change.notes]
        for item in change.items:
            address = link(site_url, change, item.anchor)
            lines.append(f"  - {item.title}" + (f"  <{address}>" if address else ""))
            if item.flag:
                lines.append(f"    {LOOK_TWICE.upper()}: {item.flag}")
            for f in item.fields:
                if f.words:
                    lines.append(f"    {f.label}: {_words_text(f.words)}")
                else:
                    lines.append(f"    {f.label}: {_quoted(f.old)} -> {_quoted(f.new)}")
    # Plan values (and the base's commit subject) reach the terminal as text: line breaks,
    # escape sequences, bidirectional and invisible characters are shown escaped (\n, \x1b,
    # \u202e), so a value can neither add a line nor clear or recolour the screen.
    return "\n".join(escape_text(line) for line in lines) + "\n"


def _quoted(value: str) -> str:
    return f'"{" ".join(value.split())}"' if value else "(none)"


def _md_value(value: str) -> str:
    return escape(" ".join(value.split())) if value else "*(none)*"


def markdown(changes: list[PlanChange], base: str, site_url: str = "",
             heading: str = "Changes in this pull request", max_chars: int = MAX_MARKDOWN) -> str:
    """Markdown for a GitHub job summary (or a pull request comment)."""
    flags = count_flags(changes)
    lines = [f"## {heading}", "",
             f"Compared with {escape(base)}: {_heading_counts(changes)}."
             + (f" Items marked **{LOOK_TWICE}** change or remove what is already published." if flags else ""),
             ""]
    for n, change in enumerate(changes):
        if sum(len(line) + 1 for line in lines) > max_chars:
            lines += [f"{len(changes) - n} more plan(s) changed are not listed here (the summary would be "
                      "too long): run `python -m macros changes` to see every change.", ""]
            break
        where = escape(change.file or change.old_file)
        page = link(site_url, change)
        title = f"[{escape(change.name)}]({page})" if page and site_url else escape(change.name)
        # The heading starts with words of ours: a name cannot pass for a heading of the summary.
        lines += [f"### Changes to {title}", "", f"{where}: {change.status}", ""]
        lines += [f"> {escape(n)}" for n in change.notes] + ([""] if change.notes else [])
        for item in change.items:
            address = link(site_url, change, item.anchor)
            flag = f"**{LOOK_TWICE}:** " if item.flag else ""
            entry = escape(item.title)
            if address and site_url:
                entry += f" ([on the site]({address}))"
            elif address:
                entry += f" ({escape(address)})"
            lines.append(f"- {flag}{entry}")
            if item.flag:
                lines.append(f"  - why: {escape(item.flag)}")
            for f in item.fields:
                if f.words:
                    lines.append(f"  - {escape(f.label)}: {_words_markdown(f.words)}")
                else:
                    lines.append(f"  - {escape(f.label)}: {_md_value(f.old)} → {_md_value(f.new)}")
        lines.append("")
    return "\n".join(lines) + "\n"
