"""One store operation in a process of its own, for faults injected into its system calls.

Run by tests/hardening/test_hard_full_disk.py under ``strace -e inject=…`` (a real EIO or ENOSPC
returned by the kernel interface to SQLite's own ``pwrite``/``fsync``), as::

    python fault_child.py OPERATION VAULT [ARGUMENT]

It opens the vault, prints ``open`` (so the parent knows the open itself went through), runs the
operation and prints one JSON line: ``{"ok": true}`` or ``{"ok": false, "error": class name,
"message": …}``. Any exception outside advocate's own errors is reported as such, so the parent
sees an "internal error" as a failure of the operation's error handling.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

from advocate.errors import AdvocateError
from advocate.model import Case, Note
from advocate.store import Store
from advocate.store.interchange import import_document

PASSPHRASE = "hardening — пароль Ақжол"


def _operation(store: Store, operation: str, argument: str) -> None:
    case = store.list_records(Case)[0]
    if operation == "add":
        store.add(Note(case_id=case.id, title="new", text="Жаңа жазба " * 20_000))
    elif operation == "evidence":
        size = int(argument)
        data = (hashlib.sha256(b"x").digest() * (size // 32 + 1))[:size]
        store.add_evidence(case.id, io.BytesIO(data), original_name="жазба.mp3")
    elif operation == "import":
        import_document(store, Path(argument))
    elif operation == "passwd":
        store.vault.change_passphrase(argument)
    else:
        raise SystemExit(f"unknown operation {operation}")


def main(argv: list[str]) -> int:
    """Open, report, run the operation, report how it ended."""
    operation, vault, argument = argv[0], Path(argv[1]), (argv[2] if len(argv) > 2 else "")
    store = Store.open(vault, PASSPHRASE)
    print("open", flush=True)
    try:
        _operation(store, operation, argument)
        result = {"ok": True}
    except AdvocateError as exc:
        result = {"ok": False, "error": type(exc).__name__, "message": exc.message}
    except Exception as exc:
        result = {"ok": False, "error": f"internal:{type(exc).__name__}", "message": str(exc)}
    print(json.dumps(result, ensure_ascii=False), flush=True)
    try:
        store.close()
    except AdvocateError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
