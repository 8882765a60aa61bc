"""Problems found in plans: one record per mistake, with where it is and how to fix it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .limits import MAX_PROBLEMS_SHOWN as MAX_SHOWN

MAX_MESSAGE_CHARS = 2_000


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake (``error``) or a doubtful value (``warning``) at ``path:line:col`` (1-based)."""

    path: str
    line: int
    col: int
    level: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        """One line: plan text in it is escaped, and it starts with the file's path (never with
        anything a plan wrote, so a value cannot pass for a workflow command or a new line)."""
        return f"{safe_path(self.path)}:{self.line}:{self.col}: {self.level}: {self.text}"

    @property
    def text(self) -> str:
        """The message with control and invisible characters escaped, cut to a readable length."""
        message = escape(self.message)
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[:MAX_MESSAGE_CHARS - 1] + "…"
        return message

    def annotation(self) -> str:
        """A GitHub Actions workflow command that puts the message on the changed line."""
        kind = "error" if self.level == "error" else "warning"
        return (
            f"::{kind} file={_escape_property(escape(self.path))},line={self.line},col={self.col}"
            f"::{_escape_data(self.text)}"
        )


def escape(text: str) -> str:
    """``text`` with line breaks, control, bidirectional and invisible characters written as
    escapes (\\n, \\x1b, \\u202e), so that a message shows them and they do nothing."""
    return "".join(_escaped(ch) if ch in "\n\r\t" or unicodedata.category(ch) in _HIDDEN else ch
                   for ch in text)


_HIDDEN = ("Cc", "Cf", "Zl", "Zp", "Co", "Cs")


def _escaped(ch: str) -> str:
    special = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in special:
        return special[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe_path(path: str) -> str:
    """A path printed at the start of a line, escaped; one that does not start with a letter,
    digit, '.' or '/' gets './' in front, so a file name cannot pass for a workflow command
    ('::error ...', '##[error]')."""
    path = escape(path)
    return path if re.match(r"[A-Za-z0-9_./]", path) else "./" + path


def shown(problems: list) -> tuple[list, int]:
    """The problems printed in full (errors first, then warnings, each in file order) and how
    many more there are."""
    if len(problems) <= MAX_SHOWN:
        return list(problems), 0
    ordered = [p for p in problems if p.level == "error"] + [p for p in problems if p.level != "error"]
    kept = set(map(id, ordered[:MAX_SHOWN]))
    return [p for p in problems if id(p) in kept], len(problems) - MAX_SHOWN


def this_plan_first(problems: list, plan_id: str) -> tuple[list, list]:
    """(the problems of the plan ``plan_id``'s file, those of every other file): for a command
    about one plan (``check --only``, the progress-round import)."""
    mine, others = [], []
    for p in problems:
        path = getattr(p, "path", None)
        name = path.replace("\\", "/").rsplit("/", 1)[-1] if isinstance(path, str) else None
        (others if name is not None and name not in (f"{plan_id}.yaml", plan_id) else mine).append(p)
    return mine, others


def others_line(others: list, plan_id: str = "") -> str:
    """One line for the problems of the other plans."""
    errors = sum(p.level == "error" for p in others)
    files = len({p.path for p in others})
    return (f"... and {len(others):,} problem(s) in {files:,} other file(s) ({errors:,} error(s), "
            f"{len(others) - errors:,} warning(s)){' not listed: ' if plan_id else ': '}"
            "run python -m macros check (scripts/check) without --only to see them"
            + ("; the import needs every plan to pass the check" if errors else ""))


def more_line(hidden: int) -> str:
    return (f"... and {hidden:,} more problem(s) not listed: fix the ones above and check again "
            "(run `python -m macros check` on your computer to see them all)") if hidden else ""


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


class PlanErrors(Exception):
    """Raised when plans cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        listed, hidden = shown(problems)
        lines = "\n".join([p.format() for p in listed] + ([more_line(hidden)] if hidden else []))
        super().__init__(f"{len(errors)} error(s) in the plans; nothing was published.\n{lines}")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]
