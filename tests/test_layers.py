"""The house rules that a grep can hold (stated in docs/contributing.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "pacsite"
LAYERS = {"model": 0, "load": 1, "analysis": 2, "settings": 3, "render": 4, "pipeline": 5}


def _sources(*folders: str) -> list[Path]:
    return sorted(p for f in folders for p in (PACKAGE / f).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """The pacsite modules or subpackages a file imports (their first name under `pacsite`),
    read from its syntax tree: relative or absolute, at the top or inside a function."""
    import ast

    package = path.relative_to(PACKAGE).parent.parts  # ("analysis",) for analysis/plan.py
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = (
                    list(package[: len(package) - (node.level - 1)])
                    if node.level > 1
                    else list(package)
                )
                if node.level - 1 > len(package):
                    continue
                parts = base + (node.module.split(".") if node.module else [])
                names = [parts] if node.module else [[*base, a.name] for a in node.names]
            elif (node.module or "").split(".")[0] == "pacsite":
                names = [node.module.split(".")[1:]] if node.module else []
            else:
                continue
            for parts in names:
                if parts:
                    found.add(parts[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                pieces = alias.name.split(".")
                if pieces[0] == "pacsite" and len(pieces) > 1:
                    found.add(pieces[1])
    own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    return found - {own}


def test_the_import_reader_sees_every_form() -> None:
    """The reader itself: relative at two depths, absolute, and inside a function."""
    assert _imports(PACKAGE / "analysis" / "plan.py") >= {"model"}
    assert "render" in _imports(PACKAGE / "cli.py")
    assert "analysis" in _imports(PACKAGE / "render" / "site.py")


@pytest.mark.parametrize("layer", ["model", "load", "analysis", "render"])
def test_layers_call_only_downward(layer: str) -> None:
    for path in _sources(layer):
        for imported in _imports(path):
            if imported in LAYERS:
                assert LAYERS[imported] <= LAYERS[layer], f"{path.name} imports {imported}"


def test_nothing_below_the_plugin_imports_mkdocs() -> None:
    below = [p for p in PACKAGE.rglob("*.py") if p.name != "plugin.py"]
    for path in below:
        assert not re.search(r"^\s*(from|import) mkdocs", path.read_text("utf-8"), re.M), path


# What computes a figure lives in analysis/: render/ may not call it, nor add things up.
_COMPUTING = re.compile(
    r"(?<![.\w])(series|assess|expected_value|combine|rollup|roi|budget_state|action_state|sum)\("
)
# In templates: no arithmetic on figures (`+` joins label keys; `/`, `*`, `-` compute).
_TEMPLATE_ARITHMETIC = re.compile(r"[\w)\]]\s*[*/]\s*[\w(]|[\w)\]]\s+-\s+[\w(]|\|\s*sum\b")


def test_render_contains_no_arithmetic_on_results() -> None:
    for path in _sources("render"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            assert not _COMPUTING.search(code), f"{path.name}:{number}: {line.strip()}"
    for path in sorted((PACKAGE / "templates").rglob("*.*")):
        text = path.read_text(encoding="utf-8")
        for expression in re.findall(r"\{\{(.*?)\}\}|\{%(.*?)%\}", text, re.S):
            code = re.sub(r"(['\"]).*?\1", "''", " ".join(expression))
            assert not _TEMPLATE_ARITHMETIC.search(code), f"{path.name}: {code.strip()}"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_graph() -> dict[str, set[str]]:
    """Which pacsite module imports which, every import counted (inside functions and under
    `TYPE_CHECKING` too): `from . import x` names the submodule `x` when there is one."""
    import ast

    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    full = ".".join(base + ([node.module] if node.module else []))
                else:
                    full = node.module or ""
                for alias in node.names:
                    sub = f"{full}.{alias.name}"
                    found |= {sub} if sub in modules else ({full} if full in modules else set())
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name in modules}
        graph[name] = found - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                cycles.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_pacsite() -> None:
    graph = _module_graph()
    assert "pacsite.analysis.verdicts" in graph["pacsite.analysis.progress"]
    assert _cycles(graph) == []


def test_one_module_makes_processes() -> None:
    """Forking, and what a fork needs to be safe, are `pacsite.ahead`'s alone."""
    forking = re.compile(r"\bos\.fork\b|\bmultiprocessing\b|register_at_fork|ProcessPool")
    found = sorted(
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if forking.search(p.read_text(encoding="utf-8"))
    )
    assert found == ["ahead.py"]


def test_the_plugin_uses_only_mkdocs_public_api() -> None:
    """No private name of MkDocs read, imported or replaced: no `File._content`, no method
    monkeypatched on an object, no undocumented helper; HTML is never spliced by class name."""
    import ast

    source = (PACKAGE / "plugin.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            owner = node.value
            assert node.attr.startswith("__") or (
                isinstance(owner, ast.Name) and owner.id == "self"
            ), f"plugin.py:{node.lineno}: .{node.attr}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
            assert node.module in {
                "mkdocs.config.config_options",
                "mkdocs.config.defaults",
                "mkdocs.exceptions",
                "mkdocs.plugins",
                "mkdocs.structure.files",
                "mkdocs.structure.pages",
            }, node.module
            assert not any(a.name.startswith("_") for a in node.names)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and not (
                    isinstance(target.value, ast.Name) and target.value.id == "self"
                ):
                    assert target.attr in {"site_dir", "nav", "edit_uri", "defer"}, (
                        f"plugin.py:{node.lineno}: sets .{target.attr}"
                    )
    assert "md-content" not in source and "<body" not in source


def test_no_module_over_450_lines_outside_model() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if "model" not in p.relative_to(PACKAGE).parts
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert long == {}
