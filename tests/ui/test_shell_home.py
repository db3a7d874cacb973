"""A morning's flows in the app as ``advocate`` starts it (``run_app``: Qt's own settings sent to
a private folder, the preferences in the user's config folder, real file dialogs and questions),
with a fresh HOME and TMPDIR; afterwards no file there holds case data, the passphrase, a name,
the vault's path or the folders the file dialogs visited, and Qt's dialog left no
``QtProject.conf`` or ``recently-used.xbel``."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

from tests.ui.conftest import PASSPHRASE

DRIVER = textwrap.dedent('''
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QLineEdit, QPushButton

    vault, evidence, out, secret = (Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]),
                                    sys.argv[4])
    answers = []  # paths for the file dialogs, in order

    def answer_dialogs():
        """Answer the real dialogs as a user would: a path typed, OK; a question, Yes."""
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QFileDialog) and modal.isVisible():
            aim = modal.property("aim")
            if not aim and answers:  # first to the folder, as a user clicks through to it
                modal.setProperty("aim", str(answers.pop(0)))
                modal.setDirectory(str(Path(modal.property("aim")).parent))
            elif aim:  # then the file's name typed, and Enter
                edit = modal.findChild(QLineEdit, "fileNameEdit")
                edit.setText(Path(aim).name)
                QTest.keyClick(edit, Qt.Key.Key_Return)
        elif isinstance(modal, QMessageBox) and modal.isVisible():
            modal.buttons()[0].click()  # the accept button is added first (ui.prompts)

    def wait(fn, timeout=40):
        end = time.monotonic() + timeout
        while not fn():
            QApplication.processEvents()
            if time.monotonic() > end:
                raise TimeoutError(fn)
            time.sleep(0.01)

    def drive():
        try:
            steps()
        except BaseException:  # a failed step must end the run, not wait on the crash dialog
            import os, traceback
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(3)

    def steps():
        from ui.main_window import MainWindow
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        window.show_unlock(vault)
        window.unlock_view.secret.insert(secret)
        window.unlock_view.secret.returnPressed.emit()
        wait(lambda: window.work is not None)
        work = window.work
        work.show_screen(1)
        wait(lambda: work.cases.model.rowCount() > 0)
        # the main case: an evidence file through the real file dialog, its hash copied,
        # then exported through the real save dialog
        model = work.cases.model
        wait(lambda: all(model.index(r, 0).data() for r in range(model.rowCount())))
        main = next(r for r in range(model.rowCount()) if model.row_data(r).title and
                    "Сарсенова" in model.row_data(r).title or r == model.rowCount() - 1)
        work.open_case(model.case_id(main))
        ws = work.workspace
        wait(lambda: ws.case_file is not None)
        ws.tabs.setCurrentWidget(ws.evidence)
        before = len(ws.case_file.evidence)
        answers.append(evidence)
        ws.evidence.add()
        wait(lambda: ws.case_file is not None and len(ws.case_file.evidence) == before + 1)
        row = next(i for i, e in enumerate(ws.case_file.evidence)
                   if e.original_name == evidence.name)
        ws.evidence.table.selectRow(ws.evidence.model.row_of(ws.case_file.evidence[row].id))
        ws.evidence.copy_sha()
        answers.append(out / evidence.name)
        ws.evidence.export()
        wait(lambda: (out / evidence.name).exists() and ws.evidence._op is None)
        # search, a backup to a stick outside HOME, then lock and quit
        work.focus_search()
        work.search.box.insert("Айгерім")
        wait(lambda: bool(work.search.group_titles()))
        window.backup()
        from ui.dialogs.backup_dialog import BackupDialog
        dialog = next(w for w in window.findChildren(BackupDialog) if w.isVisible())
        answers.append(out / "friday.advocate-backup")
        dialog.findChild(QPushButton, "backupFileChoose").click()
        for name in ("newPassphrase", "repeatPassphrase"):
            dialog.passphrase.findChild(QLineEdit, name).insert("seven purple otters juggle")
        dialog.findChild(QPushButton, "goButton").click()
        wait(lambda: "written and checked" in dialog.result_label.text())
        window.set_language("kk")  # a preference, written to the settings file
        window.lock_now()
        print("done", flush=True)
        window.close()

    app = QApplication([sys.argv[0]])
    answering = QTimer()
    answering.timeout.connect(answer_dialogs)
    answering.start(100)
    QTimer.singleShot(0, drive)
    from ui.app import run_app
    sys.exit(run_app())
''')


def test_a_morning_with_real_dialogs_leaves_nothing_in_a_fresh_home(
        tmp_path: Path, demo_vault: Path) -> None:
    home = tmp_path / "home"
    (home / "tmp").mkdir(parents=True)
    folder = tmp_path / "Дело Сарсеновой"  # the folder a file dialog visits
    folder.mkdir()
    evidence = folder / "угроза Сарсеновой.txt"
    evidence.write_text("Мы тебя найдём, Айгерім", encoding="utf-8")
    out = tmp_path / "stick Sarsenova"
    out.mkdir()
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_STATE_HOME=str(home / ".local/state"), TMPDIR=str(home / "tmp"),
               QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    env.pop("ADVOCATE_LANG", None)
    result = subprocess.run([sys.executable, "-c", DRIVER, str(demo_vault), str(evidence),
                             str(out), PASSPHRASE], env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert "done" in result.stdout, result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-3000:]
    assert (out / evidence.name).read_bytes() == evidence.read_bytes()
    assert (out / "friday.advocate-backup").stat().st_size > 0

    written = [p for p in home.rglob("*") if p.is_file()]
    names = {p.name for p in written}
    assert "QtProject.conf" not in names and "recently-used.xbel" not in names, names
    assert any(p.name == "settings.ini" for p in written)  # preferences only
    sentinels = [PASSPHRASE, "Айгерім", "Aigerim", "Сарсенов", "Sarsenova", str(demo_vault),
                 "demo.advocate", folder.name, quote(folder.name), evidence.name,
                 quote(evidence.name), str(tmp_path)]
    for path in written:
        data = path.read_bytes()
        for word in sentinels:
            assert word.encode() not in data, f"{word!r} found in {path.relative_to(home)}"
    for word in sentinels[:5]:
        assert word not in result.stderr and word not in result.stdout
