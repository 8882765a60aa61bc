"""Limits on what a plan may hold, each far above any real plan, so that a hostile or mistaken
file gets a clear error at its line instead of a crash, a hang or a site too big to publish.

The figures are printed on the plan-format page and in the editors' guide (docs/updating.md);
tests/test_hostile.py checks that the largest synthetic plan, with years of progress updates,
stays well inside them.
"""
from __future__ import annotations

import yaml

# The largest real plan is 18 KB; the largest synthetic one (benchmarks/synthetic.py), with
# years of progress updates, about 80 KB. A plan of 110 KB shaped like it makes an organisation
# page of about 300 KB, the most a page may be (MAX_PAGE_BYTES, checked when the site is built).
MAX_PLAN_BYTES = 110_000
MAX_PAGE_BYTES = 300_000
# How deeply blocks and lists may nest. A plan needs 5 (actions > updates > evidence > fields);
# PyYAML's reader crashes a few hundred levels deep, and its C reader (exit 139, no message)
# some tens of thousands deep, so depth is measured token by token before anything is built.
MAX_DEPTH = 20
# The characters in one field. The longest real text is under 2,000 characters.
MAX_FIELD_CHARS = 20_000
# The characters in a web address (browsers and servers commonly stop at about 2,000).
MAX_URL_CHARS = 2_000
# Problems printed in full by `python -m macros check`, the build and the job summary; the
# rest are counted. A job summary over 1 MiB is dropped whole by GitHub.
MAX_PROBLEMS_SHOWN = 200
# Problems of one kind reported per file (e.g. one per invisible character) before the rest
# are counted in one line.
MAX_PER_FILE = 20
# A value quoted in a message is cut to this many characters.
MAX_QUOTED_CHARS = 80

_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
         yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def too_deep(text: str) -> tuple[int, int] | None:
    """(line, col) where ``text`` first nests deeper than MAX_DEPTH, or None.

    Walks the tokens without building anything (no recursion, so no crash however deep). A
    list written under its field without indenting ('actions:' then '- ...') has no token of
    its own, but each block inside it does, so a file passing this nests at most twice
    MAX_DEPTH deep, which the readers handle."""
    if "[" not in text and "{" not in text and max(map(_indent, text.split("\n"))) <= MAX_DEPTH:
        return None  # block nesting needs a column of indentation or an indicator per level
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    return token.start_mark.line + 1, token.start_mark.column + 1
            elif isinstance(token, _CLOSE):
                depth -= 1
    except yaml.YAMLError as exc:
        # PyYAML 6.0.3 and later stop at a flow nesting depth of their own, while still reading
        # ahead of the tokens handed out here: that is too deep for a plan, and the composer,
        # which recurses, must never see it.
        mark = getattr(exc, "problem_mark", None)
        if "nesting depth" in str(getattr(exc, "problem", "")) and mark is not None:
            # the text up to where it stopped, read again, gives the place it first went too deep
            earlier = too_deep(text[:mark.index]) if 0 < mark.index < len(text) else None
            return earlier or (mark.line + 1, mark.column + 1)
        return None  # a syntax error: the reader reports it, no deeper than the tokens seen here
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" -?"))


def shorten(value: str, limit: int = MAX_QUOTED_CHARS) -> str:
    """``value`` cut to ``limit`` characters, saying how long it was."""
    if len(value) <= limit:
        return value
    return f"{value[:limit - 1]}… ({len(value):,} characters)"


def described() -> list[tuple[str, str]]:
    """(what, limit) for the plan-format page: the figures above, in words."""
    return [
        ("A plan file", f"at most {MAX_PLAN_BYTES:,} bytes (the largest real plan is under 20,000)"),
        ("One field", f"at most {MAX_FIELD_CHARS:,} characters"),
        ("A web address (url)", f"at most {MAX_URL_CHARS:,} characters; https:// or http:// only; no "
                                "user name or password before '@'. A site outside nhs.uk and gov.uk, or "
                                "one whose name uses letters of other alphabets, gets a warning"),
        ("Nesting", f"blocks and lists at most {MAX_DEPTH} deep (a plan needs 5)"),
        ("Characters", "no control characters (tabs, escape sequences, a carriage return on its own), "
                       "no bidirectional controls (such as U+202E) and no invisible characters (such as "
                       "the zero-width space U+200B); line breaks only in text fields"),
        ("Names", "no two organisations' names may look the same once case, spacing and invisible "
                  "characters are set aside"),
        ("Files in plans/", "plain files only: symbolic links, folders, devices and pipes are refused"),
        ("Messages", f"the first {MAX_PROBLEMS_SHOWN} problems are printed in full, the rest counted"),
    ]
