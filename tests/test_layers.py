"""The floors of the package (issue 22): each imports only the floors below it, with no cycle.

* import-linter (pinned in constraints.txt) checks the contracts written in
  ``pyproject.toml`` (``[tool.importlinter]``): the floors cli → build → writers
  → model → bottom, the model and the ITA report never import a writer, the
  writers never import the build or the CLI, the manual writers never import
  the site writer.  Its import graph (grimp) counts imports inside functions.
* An import graph read here from the source (:func:`import_graph`, every
  ``import`` statement, inside functions too) has no cycle.
* An import of the generator inside a function defers a heavy library, and a
  ``deferred`` comment on its line (or the line above) says so.
* No module is over 700 lines unless its docstring says why ("700 lines").

Each rule is also run on a small package made here that breaks it, so that
none of these tests passes without looking.
"""

from __future__ import annotations

import ast
import io
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "generator"
MAX_LINES = 700


# --------------------------------------------------------------------------- reading the imports


def _modules(package: Path) -> dict[str, Path]:
    """``{dotted module name: file}`` of every ``.py`` file under ``package`` (a package is its ``__init__``)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(module: str, path: Path, known: dict[str, Path]):
    """``(imported module, line, inside a function, statement node)`` for each import of a module of ``known``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def in_function(node) -> bool:
        while node in parents:
            node = parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                return True
        return False

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[:len(up) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for name in names:
            target = resolve(name)
            if target and target != module:
                yield target, node.lineno, in_function(node), node


def import_graph(package: Path) -> dict[str, dict[str, int]]:
    """``{module: {imported module: first line}}`` of the modules under ``package``, imports inside functions included."""
    known = _modules(package)
    graph: dict[str, dict[str, int]] = {}
    for module, path in known.items():
        edges = graph.setdefault(module, {})
        for target, line, _inside, _node in _imports(module, path, known):
            edges.setdefault(target, line)
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted; [] when there is no cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def undeclared_deferred_imports(package: Path) -> list[str]:
    """``file:line`` of each import of the package inside a function without a ``deferred`` comment on it or above it."""
    known = _modules(package)
    bad = []
    for module, path in known.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _target, line, inside, node in _imports(module, path, known):
            if not inside:
                continue
            end = getattr(node, "end_lineno", line) or line
            said = lines[line - 2:end] if line >= 2 else lines[:end]
            if not any("#" in text and "deferred" in text.split("#", 1)[1].lower() for text in said):
                bad.append(f"{path.relative_to(package.parent)}:{line}")
    return sorted(set(bad))


def long_modules(package: Path) -> list[str]:
    """``file (n lines)`` of each module over :data:`MAX_LINES` lines whose docstring does not say why ("700 lines")."""
    bad = []
    for path in sorted(package.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        count = len(text.splitlines())
        if count > MAX_LINES and f"{MAX_LINES} lines" not in (ast.get_docstring(ast.parse(text)) or ""):
            bad.append(f"{path.relative_to(package.parent)} ({count} lines)")
    return bad


def _describe(graph: dict[str, dict[str, int]], component: list[str]) -> str:
    edges = [f"  {a} -> {b} (line {line})" for a in component for b, line in sorted(graph[a].items()) if b in component]
    return "\n".join([", ".join(component)] + edges)


# --------------------------------------------------------------------------- the package


def test_import_contracts_hold():
    """``lint-imports`` with the contracts of pyproject.toml: every contract kept."""
    from importlinter.cli import lint_imports

    out = io.StringIO()
    with redirect_stdout(out):
        code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, out.getvalue()
    assert "0 broken" in out.getvalue() and "KEPT" in out.getvalue()


def test_no_import_cycle():
    graph = import_graph(PACKAGE)
    assert len(graph) > 50 and graph["generator.build"], "the package was not read"
    found = cycles(graph)
    assert not found, "import cycles (imports inside functions count):\n" + "\n".join(_describe(graph, c) for c in found)


def test_imports_inside_functions_say_they_defer_a_library():
    bad = undeclared_deferred_imports(PACKAGE)
    assert not bad, ("imports of the generator inside functions without a '# deferred: <library>' comment "
                     "(import at the top of the module; defer only a heavy library, and say so):\n" + "\n".join(bad))


def test_no_module_over_700_lines_without_a_reason():
    bad = long_modules(PACKAGE)
    assert not bad, f"modules over {MAX_LINES} lines whose docstring does not say why ('{MAX_LINES} lines'):\n" + "\n".join(bad)


# --------------------------------------------------------------------------- the rules can fail


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "",
        "low.py": "def f():\n    from pkg.sub import high  # deferred: not heavy at all\n    return high\n",
        "sub/__init__.py": "",
        "sub/high.py": "from .. import low\nfrom pkg.low import f\n",
        "alone.py": "import pkg.low\n",
    })
    graph = import_graph(root)
    assert graph["pkg.sub.high"] == {"pkg.low": 1, "pkg": 1}  # "from .. import low" runs pkg/__init__.py too
    assert cycles(graph) == [["pkg.low", "pkg.sub.high"]]
    assert undeclared_deferred_imports(root) == []


def test_an_import_inside_a_function_without_its_reason_is_found(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "def f():\n    import pkg.b\n\n\ndef g():\n    # deferred: pkg.b loads a heavy library\n    from pkg import b\n",
        "b.py": "",
    })
    assert undeclared_deferred_imports(root) == ["pkg/a.py:2"]
    assert cycles(import_graph(root)) == []


def test_a_long_module_needs_its_reason(tmp_path):
    body = "x = 1\n" * (MAX_LINES + 1)
    root = _package(tmp_path, {
        "__init__.py": "",
        "long.py": '"""A long module."""\n' + body,
        "reasoned.py": f'"""A long module: over {MAX_LINES} lines because it is one table."""\n' + body,
        "short.py": '"""Short."""\n' + "x = 1\n" * (MAX_LINES - 1),
    })
    assert long_modules(root) == [f"pkg/long.py ({MAX_LINES + 2} lines)"]


@pytest.mark.parametrize("source, forbidden", [
    ("generator.model", "generator.site"),
    ("generator.cache", "generator.manuals"),
    ("generator.manuals", "generator.site"),
])
def test_the_contracts_name_what_the_issue_forbids(source, forbidden):
    """The contracts of pyproject.toml forbid what issue 22 forbids (a contract list emptied by mistake fails here)."""
    import tomllib

    contracts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    forbidding = [c for c in contracts if c["type"] == "forbidden" and source in c["source_modules"]
                  and forbidden in c["forbidden_modules"]]
    layers = [c["layers"] for c in contracts if c["type"] == "layers"]
    below = any(
        any(source in layer.replace(":", " ").replace("|", " ").split() for layer in stack[i + 1:])
        and any(forbidden in layer.replace(":", " ").replace("|", " ").split() for layer in stack[:i + 1])
        for stack in layers for i in range(len(stack))
    )
    assert forbidding or below
