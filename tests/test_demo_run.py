"""``make run`` (until the desktop app exists): the terminal demo runs end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate import demo_run
from advocate.vault import KdfParams


def test_terminal_demo_writes_a_complaint_and_a_verified_backup(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(KdfParams, "calibrate", classmethod(lambda cls, *a, **k: cls.cheap()))
    import advocate.vault.vault as vault_module

    monkeypatch.setattr(vault_module, "MEMORY_KIB_CREATE_MIN", 0)
    demo_run.run(tmp_path)
    out = capsys.readouterr().out
    assert (tmp_path / "complaint-ru.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "demo.advocate-backup").stat().st_size > 0
    assert "verified: 267 records" in out and "АҚТ-2023-01" in out
    assert demo_run.DEMO_PASSPHRASE not in out
