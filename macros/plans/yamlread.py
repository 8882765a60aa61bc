"""Strict YAML reading.

PyYAML follows YAML 1.1, which silently turns ``no`` into False, ``9:30`` into 570,
``0012`` into 10 and ``2014-03-31`` into a date, and keeps the last of two duplicate keys.
Here every scalar stays text exactly as written, except plain decimal integers and
``true``/``false``/``null``; duplicate keys are an error naming both lines. The schema then
decides whether a value has the right type, at its own line.

Tags (``!!python/object``), anchors and aliases (``&name``, ``*name``) are refused: plans are
plain data, and an alias repeated inside aliases can make a tiny file expand to gigabytes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from . import limits
from .problems import Problem

_INT = re.compile(r"^(0|[1-9][0-9]*)$")
_FIELD_LIKE = re.compile(r"^( *)([A-Za-z_][A-Za-z0-9_]*):(?: |$)")
_PLAIN = {"true": True, "false": False, "null": None, "~": None, "": None}
Path = tuple  # a path of keys and indexes from the document root


@dataclass
class Document:
    """A YAML file read strictly: the data, and where each value and key is (1-based)."""

    data: object = None
    value_at: dict = field(default_factory=dict)  # Path -> (line, col)
    key_at: dict = field(default_factory=dict)  # Path -> (line, col) of the key itself
    empty: set = field(default_factory=set)  # Paths of fields written with no value (`owner:`)
    problems: list = field(default_factory=list)
    first_line: str = ""
    # (path of a text block, line, indentation, name) for each of its lines that starts 'name:'
    field_like: list = field(default_factory=list)


def _mark(node_or_mark) -> tuple[int, int]:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return mark.line + 1, mark.column + 1


# libyaml (PyYAML's C reader) reads a plan about ten times faster than the pure-Python reader
# and gives the same nodes, marks and (once plain style is written None) styles. A text that
# libyaml cannot read, or that holds a tab or a character the two readers treat differently,
# goes to the pure-Python reader, whose errors the messages here are written for.
_CLoader = getattr(yaml, "CSafeLoader", None)
_PURE_ONLY = re.compile("[\t\x85\u2028\u2029]|" + yaml.reader.Reader.NON_PRINTABLE.pattern)


def _compose(text: str) -> list:
    if _CLoader is not None and not _PURE_ONLY.search(text):
        try:
            return [_plain_style(node) for node in yaml.compose_all(text, Loader=_CLoader)]
        except yaml.YAMLError:
            pass
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def _plain_style(root):
    """libyaml marks a plain scalar with style '', the pure-Python reader with None. Each node
    once: aliases share nodes, and a file of aliases of aliases must not expand here."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.style == "":
                node.style = None
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return root


DEEP = (f"this value is nested more than {limits.MAX_DEPTH} blocks deep, far deeper than a plan needs: "
        "check the indentation of this line and the lines above it")


def read(path: str, text: str) -> Document:
    """Read ``text`` (the contents of ``path``) strictly; problems go in ``Document.problems``.

    Every reader of plan files comes here (the check, ``changes``, the progress-round import), so
    the depth is measured here, before any reader that recurses (PyYAML's, libyaml's, the
    conversion below, the schema's validators) sees the text."""
    doc = Document(first_line=text.split("\n", 1)[0])
    if deep := limits.too_deep(text):  # measured token by token first: the readers recurse
        doc.problems.append(Problem(path, *deep, "error", DEEP))
        return doc
    try:
        nodes = _compose(text)
    except yaml.MarkedYAMLError as exc:
        doc.problems.extend(_syntax_problems(path, text, exc))
        return doc
    except yaml.YAMLError as exc:  # reader errors: control characters, not text
        line, col = _reader_position(exc, text)
        doc.problems.append(Problem(path, line, col, "error",
                                    "this file contains a character that is not allowed in a plan "
                                    "(a control character, often pasted from a PDF or Word): delete it "
                                    "and type it again"))
        return doc
    if len(nodes) > 1:
        line, col = _mark(nodes[1])
        doc.problems.append(Problem(path, line, col, "error",
                                    "a plan is one YAML document: remove the '---' line and what follows"))
    if nodes:
        doc.data = _Converter(doc, path, text.split("\n")).convert(nodes[0], ())
    return doc


def _reader_position(exc, text: str) -> tuple[int, int]:
    position = getattr(exc, "position", None)
    if position is None:
        return 1, 1
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


# --- syntax errors -------------------------------------------------------------------------

MAX_SYNTAX_PROBLEMS = 20  # per file: past this, the rest is likely one mistake's consequences


def _syntax_problems(path: str, text: str, exc: yaml.MarkedYAMLError) -> list[Problem]:
    """Every syntax mistake YAML can get past: after each one, its line is blanked (line numbers
    stay) and the text read again, until it reads, a mistake repeats or the cap is reached."""
    lines = text.split("\n")
    found: list[Problem] = []
    while len(found) < MAX_SYNTAX_PROBLEMS:
        line, col, message = syntax_problem(exc, "\n".join(lines))
        problem = Problem(path, line, col, "error", message)
        if problem in found or not 0 < line <= len(lines) or not lines[line - 1].strip():
            if problem not in found:
                found.append(problem)
            break
        found.append(problem)
        lines[line - 1] = ""
        if exc.context_mark and "flow" in (exc.context or ""):  # where the '[' or '{' was opened
            lines[exc.context_mark.line] = ""
        try:
            _compose("\n".join(lines))
            break
        except yaml.MarkedYAMLError as again:
            exc = again
        except yaml.YAMLError:
            break
    return sorted(found)

_OPENING_QUOTE = re.compile(r"""^(\s*(?:-\s+)*(?:[^\s#'"-][^#]*?:\s+|-\s+)?)(["'])(.*)$""")


def _unclosed_quote(lines: list[str], last: int) -> tuple[int, int, str] | None:
    """The first line up to ``last`` (1-based) whose value opens a quote it never closes."""
    for number in range(1, min(last, len(lines)) + 1):
        m = _OPENING_QUOTE.match(lines[number - 1])
        if not m:
            continue
        quote, rest = m.group(2), m.group(3)
        closed = re.search(r'(?<!\\)"', rest) if quote == '"' else "'" in rest
        if not closed:
            kind = "double" if quote == '"' else "single"
            return number, len(m.group(1)) + 1, (
                f"the {kind} quote ({quote}) that starts this value is never closed: put a {quote} "
                f"at the end of the value")
    return None


def syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, col, message) for a YAML syntax error, worded for someone who is not a programmer."""
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark(mark) if mark else (1, 1)
    problem = exc.problem or ""
    context = exc.context or ""
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""

    if "\t" in source or "'\\t'" in problem:
        col = source.index("\t") + 1 if "\t" in source else col
        return line, col, "a tab character is not allowed in YAML: indent with spaces instead"
    if "quoted scalar" in context or "expected <block end>, but found '<scalar>'" in problem:
        found = _unclosed_quote(lines, line)
        if found:
            return found
        before = source[:col - 1].rstrip()
        if before.endswith(('"', "'")):
            return line, col, ("there is text after the closing quote: put the whole value inside "
                               "the quotes")
    if "mapping values are not allowed" in problem:
        value_start = re.match(r"^\s*(?:-\s+)?[^:#]*?:\s", source)
        if value_start and value_start.end() < col:
            return line, col, ("a ': ' (colon and space) inside a value confuses YAML: put the whole "
                               "value in double quotes, or start it on the next line after '|-'")
        for number in range(line - 1, 0, -1):
            previous = lines[number - 1]
            if not previous.strip():
                continue
            glued = re.match(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*):(?=\S)", previous)
            if glued:
                return number, len(glued.group(1)) + 2, ("put a space after the colon: "
                                                         f"'{glued.group(1).strip(' -')}: ...'")
            break
        key_colon = re.match(r"^\s*(?:-\s+)?[^:#\s][^:#]*:(?=\s|$)", source)
        if key_colon and key_colon.end() == col:  # a 'field:' line taken as the value above it
            return line, len(source) - len(source.lstrip()) + 1, ("this line is not lined up with the lines around it: fields of the same "
                               "block must start in the same column, indented with spaces")
        return line, col, ("a ':' here confuses YAML: put the value in double quotes, or check the "
                           "line above for a missing space after its colon")
    if "could not find expected ':'" in problem and "simple key" in context and exc.context_mark:
        line, col = _mark(exc.context_mark)  # where the line YAML could not read starts
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        glued = re.match(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*):(?=\S)", source)
        if glued:
            return line, len(glued.group(1)) + 2, ("put a space after the colon: "
                                                   f"'{glued.group(1).strip(' -')}: ...'")
        return line, col, ("this line is not a 'field: value' line and not part of the text above "
                           "it: check its indentation, or put the text in double quotes")
    if "expected <block end>" in problem or "expected <block mapping start>" in problem:
        return line, col, ("this line is not lined up with the lines around it: fields of the same "
                           "block must start in the same column, indented with spaces")
    if "cannot start any token" in problem or "while scanning an alias" in context \
            or "while scanning an anchor" in context:
        if exc.context_mark and "while scanning an a" in context:
            line, col = _mark(exc.context_mark)
            source = lines[line - 1] if 0 < line <= len(lines) else ""
        char = source[col - 1] if 0 < col <= len(source) else "this character"
        return line, col, (f"a value cannot start with '{char}' unless it is in quotes: put the whole "
                           f"value in double quotes")
    if "flow sequence" in context or "flow mapping" in context:
        return line, col, ("a value that starts with '[' or '{' must be closed on the same line: if it "
                           "is text, put the whole value in double quotes")
    found = _unclosed_quote(lines, line)
    if found:
        return found
    detail = f" (YAML says: {problem})" if problem else ""
    return line, col, (f"this line is not valid YAML{detail}: check the indentation and that every "
                       "quote is closed")


# --- conversion ----------------------------------------------------------------------------

class _Converter:
    def __init__(self, doc: Document, path: str, lines: list[str]):
        self.doc, self.path, self.lines = doc, path, lines
        self.seen: set = set()

    def error(self, node, message: str, level: str = "error") -> None:
        self.doc.problems.append(Problem(self.path, *_mark(node), level, message))

    def _written(self, node) -> str:
        """The first character written at the node's position (a tag or anchor starts there)."""
        line, col = node.start_mark.line, node.start_mark.column
        return self.lines[line][col:col + 1] if line < len(self.lines) else ""

    def convert(self, node, at: Path):
        self.doc.value_at[at] = _mark(node)
        if id(node) in self.seen:  # an alias: already reported at its anchor; never expand again
            return None
        self.seen.add(id(node))
        written = self._written(node)
        if written == "&":
            self.error(node, "anchors and aliases ('&name', '*name') are not supported in plans: write "
                             "the value out in full wherever it is needed")
        elif written == "!":
            self.error(node, f"YAML tags such as '{node.tag.replace('tag:yaml.org,2002:', '!!')}' are not "
                             "allowed in plans: delete the tag and keep only the value")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, at + (i,)) for i, item in enumerate(node.value)]
        value = node.value
        if node.style in ("|", ">"):
            self._field_like_lines(node, at)
        if node.style is None:  # plain (unquoted) scalar
            self._warn_trailing_comment(node)
            if value in _PLAIN:
                return _PLAIN[value]
            if _INT.match(value):
                return int(value)
        return value

    def _mapping(self, node, at: Path) -> dict:
        result: dict = {}
        seen: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "a field name must be plain text, such as 'owner'")
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node, "YAML merge keys ('<<') are not supported in plans: write the "
                                     "fields out in full")
                continue
            if key in seen:
                self.error(key_node, f"field '{key}' appears twice in the same block (lines {seen[key]} "
                                     f"and {key_node.start_mark.line + 1}); YAML would silently keep only "
                                     f"the last one: delete or rename one of them")
                continue
            seen[key] = key_node.start_mark.line + 1
            self.doc.key_at[at + (key,)] = _mark(key_node)
            value = self.convert(value_node, at + (key,))
            if value is None:  # `owner:` left empty means "not stated", as if left out
                self.doc.empty.add(at + (key,))
            else:
                result[key] = value
        return result

    def _field_like_lines(self, node, at: Path) -> None:
        """Lines of a text block ('|-', '>') written like a field ('owner: ...'): an indentation
        slip that makes a field part of the text. ``load`` decides which are fields."""
        end = node.end_mark.line + (1 if node.end_mark.column else 0)  # (the end is often the next line's start)
        for number in range(node.start_mark.line + 1, min(end, len(self.lines))):
            m = _FIELD_LIKE.match(self.lines[number])
            if m:
                self.doc.field_like.append((at, number + 1, len(m.group(1)), m.group(2)))

    def _warn_trailing_comment(self, node) -> None:
        """`see #3 # note` loses ' # note' silently: say so."""
        end = node.end_mark
        if end.line >= len(self.lines) or node.start_mark.line != end.line:
            return
        source = self.lines[end.line]
        rest = source[end.column:]
        m = re.match(r"^\s+#", rest)
        if m and not source.lstrip().startswith("#"):
            self.doc.problems.append(Problem(
                self.path, end.line + 1, end.column + m.end(), "warning",
                "the text after ' #' on this line is a YAML comment and is not published: if it is "
                "part of the value, put the whole value in double quotes"))
