"""The engine boundary: imports point down only, and nothing imports in a circle.

    plans/ (reading, checking)  <  top modules (model, progress, changes, csvcells, render, ...)
                                <  views/ (pure view-models)  <  site/ (MkDocs and the theme)
    commands/ (python -m macros ...) builds on any of them; nothing imports commands/.

- plans/, views/ and the top modules never import site/ or commands/; site/ never imports
  commands/; plans/ never imports views/.
- Only site/ (and ``macros/__init__.py``, whose ``define_env`` mkdocs-macros calls) imports
  MkDocs, the theme or a plugin, and nothing outside them reaches such a module through a chain
  of imports: the engine can be replaced by rewriting site/.
- No import cycles, lazy imports inside functions included.

Read from the source (``ast``), so an import inside a function counts as much as one at the top.
"""
from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "macros"
ENGINE = ("mkdocs", "material", "mkdocs_macros", "properdocs", "pymdownx")
# Who may import whom: a module's layer -> the layers it must not import.
FORBIDDEN = {
    "plans": {"site", "commands", "views"},
    "top": {"site", "commands"},
    "views": {"site", "commands"},
    "site": {"commands"},
}


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package under ``root``: dotted name -> file."""
    found = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "entry"  # macros/__init__.py: mkdocs-macros' define_env, the engine's side
    if parts[1] in ("plans", "views", "site", "commands"):
        return parts[1]
    return "entry" if parts[1] == "__main__" else "top"


def imports(root: Path) -> dict[str, list[tuple[str, int]]]:
    """module -> [(imported name, line)]: modules of the package, resolved (``from . import x``
    names the module x where there is one), and outside packages by their top name."""
    known = modules(root)
    graph: dict[str, list[tuple[str, int]]] = {}
    for module, path in known.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found += [(alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                for alias in node.names:
                    target = f"{source}.{alias.name}"
                    found.append((target if target in known else source, node.lineno))
        graph[module] = found
    return graph


def problems(root: Path = ROOT) -> list[str]:
    """Every upward import, engine import outside site/, and import cycle, as readable lines."""
    known = modules(root)
    graph = imports(root)
    out = []
    inside = {m: sorted({t for t, _ in targets if t in known and t != PACKAGE}) for m, targets in graph.items()}
    for module, targets in graph.items():
        where = known[module].relative_to(root).as_posix()
        for target, line in targets:
            if target in known and layer(target) in FORBIDDEN.get(layer(module), ()):
                out.append(f"{where}:{line}: {layer(module)}/ imports {layer(target)}/ ({target}): "
                           "imports point down only")
            if target.split(".")[0] in ENGINE and layer(module) not in ("site", "entry"):
                out.append(f"{where}:{line}: imports {target} outside macros/site/: only site/ knows the engine")
    engine = {m for m, targets in graph.items() if any(t.split(".")[0] in ENGINE for t, _ in targets)}
    for module in known:
        if layer(module) in ("site", "entry"):
            continue
        chain = _path_to(module, engine, inside)
        if chain:
            out.append(f"{known[module].relative_to(root).as_posix()}: reaches the engine through "
                       f"{' -> '.join(chain)}")
    for component, cycle in cycles(inside):
        out.append(f"import cycle: {' -> '.join(cycle + [cycle[0]])} (the modules importing each other: "
                   f"{', '.join(component)})")
    return out


def _path_to(start: str, goals: set, edges: dict) -> list[str]:
    """The shortest chain of imports (one or more) from ``start`` to a module in ``goals``,
    both ends included ([] if none)."""
    seen, queue = {}, []
    for target in edges.get(start, ()):
        if target not in seen:
            seen[target] = start
            queue.append(target)
    for module in queue:
        if module in goals:
            chain = [module]
            while chain[-1] != start or len(chain) == 1:
                chain.append(seen[chain[-1]])
            return chain[::-1]
        for target in edges.get(module, ()):
            if target not in seen:
                seen[target] = module
                queue.append(target)
    return []


def cycles(edges: dict[str, list[str]]) -> list[tuple[list[str], list[str]]]:
    """The strongly connected components with more than one module (or a module importing
    itself), each with one cycle through it (Tarjan's algorithm, then a path round it)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):  # the package is small (a few dozen modules): recursion is fine
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges.get(v, ()):
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    out = []
    for component in found:
        members = set(component)
        start = component[0]
        back = _path_to(start, {start}, {m: [t for t in edges.get(m, ()) if t in members] for m in members})
        out.append((component, back[:-1] if back else [start]))
    return out


def test_imports_point_down_and_nothing_imports_in_a_circle():
    assert problems() == []


def test_the_modules_below_site_never_load_mkdocs():
    """Loaded for real, in a fresh interpreter: the check, the views and the commands."""
    import subprocess
    import sys

    code = ("import sys\n"
            "import macros.plans.load, macros.views.views, macros.views.progress_views, macros.views.compare_views\n"
            "import macros.views.board_views, macros.changes_since, macros.render, macros.commands.changes_cli\n"
            "import macros.commands.roundcli, macros.commands.summary\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {ENGINE!r}))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / PACKAGE, tmp_path / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "data", "templates"))
    return tmp_path


def _plant(root: Path, relative: str, line: str, inside_function: bool = False) -> None:
    path = root / PACKAGE / relative
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("\n\ndef _planted():\n    " + line + "\n" if inside_function else "\n" + line + "\n"),
                    encoding="utf-8")


def test_a_planted_upward_import_fails(tmp_path):
    root = _copy(tmp_path)
    assert problems(root) == []
    _plant(root, "views/views.py", "from ..site import export")
    found = problems(root)
    assert any(p.startswith("macros/views/views.py:") and "views/ imports site/ (macros.site.export)" in p
               for p in found), found


def test_a_planted_lazy_import_of_commands_from_site_fails(tmp_path):
    root = _copy(tmp_path)
    _plant(root, "site/feed.py", "from ..commands import changes_cli", inside_function=True)
    assert any("site/ imports commands/ (macros.commands.changes_cli)" in p for p in problems(root))


def test_a_planted_cycle_fails(tmp_path):
    root = _copy(tmp_path)
    _plant(root, "plans/dates.py", "from . import schema", inside_function=True)  # schema imports dates
    found = [p for p in problems(root) if p.startswith("import cycle: ")]
    assert found and "macros.plans.dates" in found[0] and "macros.plans.schema" in found[0], found


def test_a_planted_engine_import_below_site_fails(tmp_path):
    root = _copy(tmp_path)
    _plant(root, "plans/limits.py", "import mkdocs.structure.files", inside_function=True)
    found = problems(root)
    assert any(p.startswith("macros/plans/limits.py:") and "only site/ knows the engine" in p for p in found), found
    # and every module that imports it, directly or not, is named with the chain
    assert ("macros/plans/load.py: reaches the engine through macros.plans.load -> macros.plans.limits"
            in found), found


def test_the_downloads_in_site_stay_engine_free():
    """What an engine move keeps (docs-dev/engine.md): the downloads and the feed import neither
    MkDocs nor the theme, directly or not."""
    graph = imports(ROOT)
    known = modules(ROOT)
    inside = {m: [t for t, _ in targets if t in known and t != PACKAGE] for m, targets in graph.items()}
    engine = {m for m, targets in graph.items() if any(t.split(".")[0] in ENGINE for t, _ in targets)}
    for module in ("macros.site.export", "macros.site.xlsx", "macros.site.feed", "macros.site.history"):
        assert module not in engine and not _path_to(module, engine, inside), module


def test_the_design_notes_name_every_hook():
    """docs-dev/engine.md lists what an engine move must replace: every hook mkdocs.yml loads."""
    hooks = re.findall(r"\bon_[a-z_]+\b", (ROOT / PACKAGE / "site" / "mkdocs_hooks.py").read_text(encoding="utf-8"))
    notes = (ROOT / "docs-dev" / "engine.md").read_text(encoding="utf-8")
    assert len(set(hooks)) >= 10
    assert [h for h in sorted(set(hooks)) if f"`{h}`" not in notes] == []
