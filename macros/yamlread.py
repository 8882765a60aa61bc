"""Strict YAML reading.

PyYAML follows YAML 1.1, which silently turns ``no`` into False, ``9:30`` into 570,
``0012`` into 10 and ``2014-03-31`` into a date, and keeps the last of two duplicate keys.
Here every scalar stays text exactly as written, except plain decimal integers and
``true``/``false``/``null``; duplicate keys are an error naming both lines. The schema then
decides whether a value has the right type, at its own line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .problems import Problem

_INT = re.compile(r"^(0|[1-9][0-9]*)$")
_PLAIN = {"true": True, "false": False, "null": None, "~": None, "": None}
Path = tuple  # a path of keys and indexes from the document root


@dataclass
class Document:
    """A YAML file read strictly: the data, and where each value and key is (1-based)."""

    data: object = None
    value_at: dict = field(default_factory=dict)  # Path -> (line, col)
    key_at: dict = field(default_factory=dict)  # Path -> (line, col) of the key itself
    problems: list = field(default_factory=list)
    first_line: str = ""


def _mark(node_or_mark) -> tuple[int, int]:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return mark.line + 1, mark.column + 1


def read(path: str, text: str) -> Document:
    doc = Document(first_line=text.split("\n", 1)[0])
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _mark(mark) if mark else (1, 1)
        doc.problems.append(Problem(path, line, col, "error", _syntax_message(exc, text, line)))
        return doc
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        doc.problems.append(Problem(path, 1, 1, "error", f"this file is not readable YAML: {exc}"))
        return doc
    if len(nodes) > 1:
        line, col = _mark(nodes[1])
        doc.problems.append(Problem(path, line, col, "error",
                                    "a plan is one YAML document: remove the '---' line and what follows"))
    if nodes:
        doc.data = _convert(nodes[0], (), doc, path, text.split("\n"))
    return doc


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    problem = exc.problem or "this line is not valid YAML"
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source or "found character '\\t'" in problem:
        return "a tab character is not allowed in YAML: indent with spaces instead"
    if "mapping values are not allowed" in problem:
        return ("a ': ' (colon and space) inside a value confuses YAML: put the whole value in "
                "double quotes, or use a '|-' block")
    if "could not find expected ':'" in problem:
        return "this line should be 'field: value': check the indentation and the colon"
    context = f" ({exc.context})" if exc.context else ""
    return f"this line is not valid YAML: {problem}{context}; check the indentation and quotes"


def _convert(node, at: Path, doc: Document, path: str, lines: list[str]):
    doc.value_at[at] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        seen: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                doc.problems.append(Problem(path, *_mark(key_node), "error",
                                            "a field name must be plain text"))
                continue
            key = key_node.value
            if key == "<<":
                doc.problems.append(Problem(path, *_mark(key_node), "error",
                                            "YAML merge keys ('<<') are not supported: write the fields out"))
                continue
            if key in seen:
                first = seen[key]
                doc.problems.append(Problem(
                    path, *_mark(key_node), "error",
                    f"field '{key}' appears twice in the same block (lines {first} and "
                    f"{key_node.start_mark.line + 1}); YAML would silently keep only the last one: "
                    f"delete or rename one of them"))
                continue
            seen[key] = key_node.start_mark.line + 1
            doc.key_at[at + (key,)] = _mark(key_node)
            value = _convert(value_node, at + (key,), doc, path, lines)
            if value is not None:  # `owner:` left empty means "not stated", as if left out
                result[key] = value
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, at + (i,), doc, path, lines) for i, item in enumerate(node.value)]
    if node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
                        "tag:yaml.org,2002:null", "tag:yaml.org,2002:float",
                        "tag:yaml.org,2002:timestamp") and node.tag.startswith("!"):
        doc.problems.append(Problem(path, *_mark(node), "error",
                                    f"YAML tags such as {node.tag!r} are not allowed: remove it"))
    value = node.value
    if node.style is None:  # plain (unquoted) scalar
        _warn_trailing_comment(node, doc, path, lines)
        if value in _PLAIN:
            return _PLAIN[value]
        if _INT.match(value):
            return int(value)
    return value


def _warn_trailing_comment(node, doc: Document, path: str, lines: list[str]) -> None:
    """`see #3 # note` loses ' # note' silently: say so."""
    end = node.end_mark
    if end.line >= len(lines) or node.start_mark.line != end.line:
        return
    rest = lines[end.line][end.column:]
    if re.match(r"^\s+#", rest) and not lines[end.line].lstrip().startswith("#"):
        doc.problems.append(Problem(
            path, end.line + 1, end.column + 1, "warning",
            "the text after ' #' on this line is a YAML comment and is not published: if it is "
            "part of the value, put the whole value in double quotes"))
