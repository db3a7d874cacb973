"""The layering rules of STYLE.md, checked mechanically on every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "advocate"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(under: str = "") -> list[Path]:
    return sorted((CORE / under).rglob("*.py"))


def _top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(CORE)))
def test_core_never_imports_qt_or_ui(path: Path) -> None:
    assert not {_top(n) for n in _imports(path)} & {"PySide6", "shiboken6", "ui", "PyQt5",
                                                     "PyQt6"}


@pytest.mark.parametrize("path", _modules("model"), ids=lambda p: p.name)
def test_model_imports_nothing_of_storage(path: Path) -> None:
    imported = _imports(path)
    assert not {n for n in imported if n.startswith(("advocate.store", "advocate.vault",
                                                     "advocate.backup", "advocate.reports",
                                                     "advocate.cli"))}
    assert not {_top(n) for n in imported} & {"sqlcipher3", "sqlite3", "pyrage", "cryptography"}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(CORE)))
def test_only_vault_and_store_touch_sqlcipher(path: Path) -> None:
    part = path.relative_to(CORE).parts[0]
    if part in {"vault", "store"}:
        return
    assert not {_top(n) for n in _imports(path)} & {"sqlcipher3", "sqlite3"}


#: What only the vault and the store may call or reach: running SQL, the database connection.
_SQL_CALLS = {"execute", "executemany", "executescript"}


def _sql_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "connection":
            found.append(f"line {node.lineno}: .connection")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in _SQL_CALLS):
            found.append(f"line {node.lineno}: .{node.func.attr}()")
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(CORE)))
def test_sql_runs_only_in_the_vault_and_the_store(path: Path) -> None:
    """The backup, the reports and the CLI ask the store; they never run SQL themselves."""
    if path.relative_to(CORE).parts[0] in {"vault", "store"}:
        return
    assert _sql_uses(path) == []


def test_the_sql_check_can_see() -> None:
    sample = CORE.parent / "tests" / "store" / "test_schema_migration.py"
    assert _sql_uses(sample)  # it runs SQL on purpose, and the check notices


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of a module but those under ``if TYPE_CHECKING:`` (never run)."""
    out: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        out.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return out


def _module_imports(path: Path, known: set[str]) -> set[str]:
    """Modules a module imports when it runs (inside functions too, not under TYPE_CHECKING);
    ``from package import submodule`` counts as importing the submodule only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                names.add(sub if sub in known else node.module)
    return names


@pytest.mark.parametrize("package", ["vault", "store", "model", "backup"])
def test_no_import_cycles(package: str) -> None:
    """A module never needs, while it loads, one that needs it (vault.py <-> rotation.py was)."""
    modules = {"advocate." + ".".join(p.relative_to(CORE).with_suffix("").parts): p
               for p in _modules(package)}
    modules = {name.removesuffix(".__init__"): p for name, p in modules.items()}
    graph = {name: {m for m in _module_imports(p, set(modules)) if m in modules and m != name}
             for name, p in modules.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            pytest.fail(" -> ".join([*trail[trail.index(name):], name]))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(CORE)))
def test_only_vault_and_backup_touch_cryptography(path: Path) -> None:
    part = path.relative_to(CORE).parts[0]
    if part in {"vault", "backup"}:
        return
    assert not {_top(n) for n in _imports(path)} & {"cryptography", "pyrage"}


def test_importing_the_core_loads_no_qt() -> None:
    import subprocess
    import sys

    code = ("import sys, advocate.store, advocate.cli.main, advocate.model;"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))];"
            "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
