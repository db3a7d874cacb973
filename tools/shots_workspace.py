"""Screenshots of the case workspace (every tab of the demo's main case, a form with a validation
message, the evidence viewer), offscreen at 1366x768, for looking at them.

    QT_QPA_PLATFORM=offscreen python -m tools.shots_workspace /tmp/shots en ru kk

SHELL's ``tools/screenshots.py`` calls :func:`shoot` when this module is present. The demo vault is
made in a temporary folder (encrypted, invented people) and removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1366, 768)
PASSPHRASE = "screenshots only — not secret"  # noqa: S105 — a throwaway demo vault


def _wait(app: Any, done: Any, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)
    if not done():
        raise TimeoutError("the workspace did not answer in time")


def shoot(out_dir: Path, lang: str) -> list[Path]:
    """Render the workspace's screens in a language into ``out_dir``; returns the files."""
    from PySide6.QtWidgets import QApplication

    from advocate.demo import build_demo
    from advocate.i18n import set_language
    from advocate.store import Store
    from advocate.vault import KdfParams
    from ui.prompts import Prompts
    from ui.session import Session
    from ui.views.case_workspace import CaseWorkspace
    from ui.widgets.partial_date_edit import PartialDateEdit
    from ui.worker import Op

    app = QApplication.instance() or QApplication(sys.argv[:1])
    set_language(lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="advocate-shots-"))
    written: list[Path] = []
    session = Session(Prompts())
    try:
        store, _ = Store.create(folder / "demo.advocate", PASSPHRASE, kdf=KdfParams.cheap(),
                                _allow_weak_kdf_for_tests=True)
        with store:
            build_demo(store)
            main = max(store.cases(), key=lambda c: c.threats)

        def opener(lane: Any, _task: Any) -> None:
            lane.resource = Store.open(folder / "demo.advocate", PASSPHRASE)

        Op(session.worker, opener, needs_store=False).run()
        session.vault_path = folder / "demo.advocate"
        workspace = CaseWorkspace(session, main.id)
        loaded: list[bool] = []
        workspace.loaded.connect(lambda: loaded.append(True))
        workspace.resize(*SIZE)
        workspace.show()
        _wait(app, lambda: bool(loaded))
        for index in range(workspace.tabs.count()):
            workspace.tabs.setCurrentIndex(index)
            tab = workspace.tabs.widget(index)
            name = tab.objectName().removesuffix("Tab") if tab is not None else str(index)
            path = out_dir / f"workspace-{index:02d}-{name}-{lang}.png"
            written.append(_grab(app, workspace, path))
        form = workspace.new_record("threat")
        form.resize(760, 700)
        date_edit = form.editor("received")
        assert isinstance(date_edit, PartialDateEdit)
        date_edit.setText("31.02.2018")
        written.append(_grab(app, form, out_dir / f"workspace-form-invalid-{lang}.png"))
        form.done(0)
        cf = workspace.case_file
        assert cf is not None
        shown: set[str] = set()
        for evidence in cf.evidence:
            kind = evidence.media_type.split("/")[-1]
            if kind not in ("png", "pdf", "plain") or kind in shown:
                continue
            shown.add(kind)
            workspace.tabs.setCurrentWidget(workspace.evidence)
            workspace.evidence.select(evidence.id)
            workspace.evidence.view()
            viewer = workspace.evidence.viewer
            assert viewer is not None
            _wait(app, lambda v=viewer: bool(v.kind_shown))
            viewer.resize(1000, 700)
            written.append(_grab(app, viewer, out_dir / f"workspace-viewer-{kind}-{lang}.png"))
            viewer.done(0)
        workspace.close()
        workspace.deleteLater()
    finally:
        session.worker.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
        set_language("en")
    return written


def _grab(app: Any, widget: Any, path: Path) -> Path:
    widget.show()
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "shots"
    for language in sys.argv[2:] or ["en", "ru", "kk"]:
        for file in shoot(target, language):
            print(file)
