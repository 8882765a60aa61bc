"""Problems found in plans: one record per mistake, with where it is and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake (``error``) or a doubtful value (``warning``) at ``path:line:col`` (1-based)."""

    path: str
    line: int
    col: int
    level: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.level}: {self.message}"

    def annotation(self) -> str:
        """A GitHub Actions workflow command that puts the message on the changed line."""
        kind = "error" if self.level == "error" else "warning"
        return (
            f"::{kind} file={_escape_property(self.path)},line={self.line},col={self.col}"
            f"::{_escape_data(self.message)}"
        )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


class PlanErrors(Exception):
    """Raised when plans cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        lines = "\n".join(p.format() for p in problems)
        super().__init__(f"{len(errors)} error(s) in the plans; nothing was published.\n{lines}")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]
