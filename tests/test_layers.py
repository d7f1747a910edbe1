"""The shape of the house (docs/architecture.md): one package per stage, imports only downward.

Every import of every module is read, including those inside functions and under
``TYPE_CHECKING``: a hidden import is still an import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "coder"

# Stages from the bottom up: a module may import only from stages below its own (or its own package).
STAGES: list[tuple[str, ...]] = [
    ("coder.errors",),
    ("coder.files", "coder.wording", "coder.charts", "coder.decoding"),
    ("coder.io_rows", "coder.io_errors"),
    ("coder.io_ids", "coder.io_xlsx", "coder.codebook_yaml"),
    ("coder.io_json",),
    ("coder.codebook", "coder.io"),
    ("coder.io_stream",),
    ("coder.text",),
    ("coder.embed",),
    ("coder.classify",),
    ("coder.cluster",),
    ("coder.store",),
    ("coder.review",),
    ("coder.report",),
    ("coder.exchange",),
    ("coder.evaluate",),
    ("coder.pipeline",),
    ("coder.console",),
    ("coder.cli",),
]
STAGE_PACKAGES = ("text", "embed", "classify", "cluster", "store", "review", "report", "exchange")

# Libraries that draw or talk to a person live in few places.
ALLOWED = {
    "typer": ("coder.cli",),
    "click": (),
    "rich": ("coder.cli", "coder.console", "coder.report.render.terminal", "coder.review.ui"),
    "textual": ("coder.review.ui",),
    "matplotlib": ("coder.charts",),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = modules()


def imports(path: Path) -> set[str]:
    """Every module a file imports (``from coder.x import y`` counts as ``coder.x.y`` when that is a module)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{a.name}" for a in node.names} & MODULES.keys()
            out.update(submodules)
            if len(submodules) < len(node.names):  # names from the module itself, not only its submodules
                out.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; use absolute 'from coder… import'")
    return out


GRAPH = {name: {m for m in imports(path) if m in MODULES} for name, path in MODULES.items()}


def stage_of(module: str) -> tuple[int, str] | None:
    """(stage index, the stage's module or package) of a coder module, or None (coder itself, coder.data)."""
    for i, names in enumerate(STAGES):
        for name in names:
            if module == name or module.startswith(name + "."):
                return i, name
    return None


def test_every_module_has_a_stage() -> None:
    loose = [m for m in MODULES if stage_of(m) is None and m not in ("coder", "coder.data")]
    assert loose == [], f"modules outside every stage (add them to a package or to STAGES): {loose}"


def test_imports_only_go_down() -> None:
    upward = []
    for module, targets in GRAPH.items():
        own = stage_of(module)
        if own is None:
            continue
        for target in targets:
            theirs = stage_of(target)
            if theirs is None or theirs[1] == own[1]:
                continue
            if theirs[0] >= own[0]:
                upward.append(f"{module} -> {target}")
    assert upward == [], "imports that do not go down:\n" + "\n".join(sorted(upward))


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first module repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("library", sorted(ALLOWED))
def test_ui_libraries_stay_in_their_places(library: str) -> None:
    places = ALLOWED[library]
    wrong = [m for m, path in MODULES.items()
             if any(i == library or i.startswith(library + ".") for i in imports(path))
             and not any(m == p or m.startswith(p + ".") for p in places)]
    assert wrong == [], f"{library} imported outside {places or 'coder'}: {wrong}"


def test_modules_stay_small_and_the_top_stays_short() -> None:
    big = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert big == {}, f"modules over 400 lines: {big}"
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 16, top
    for package in STAGE_PACKAGES:
        init = PACKAGE / package / "__init__.py"
        assert init.exists(), f"coder/{package}/ is not a package"
        said = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert said, f"coder/{package}/__init__.py says nothing"
