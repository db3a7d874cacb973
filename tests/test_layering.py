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
    if part in {"vault", "store", "backup"}:
        return
    assert "sqlcipher3" not in {_top(n) for n in _imports(path)}


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
