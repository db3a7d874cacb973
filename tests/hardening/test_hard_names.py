"""Evidence file names are never trusted: stored as given, exported under a safe name, inside.

The original name is a fact of the evidence (shown in the UI and in reports) and is kept exactly
(NFC). It is never used as a path: an export into a folder gets a name made safe for any file
system (no separators, no ``..``, no control or bidirectional-override characters, no Windows
device names, at most 255 bytes in UTF-8) and lands in that folder, never elsewhere.

NUL is the one exception: stored text cannot hold it (SQLite would cut the text there), so intake
of a name with NUL is refused with a ``ValidationError`` that says so, and nothing is taken in.
"""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path

import pytest

from advocate.errors import ValidationError
from advocate.model import Case, Evidence
from advocate.store import Store
from advocate.store.evidence import safe_filename

from .conftest import make_store

WINDOWS_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
                    *(f"com{c}" for c in "0123456789¹²³"), *(f"lpt{c}" for c in "0123456789¹²³")}

HOSTILE_NAMES = [
    "../../../etc/passwd", "..", ".", "...", "/etc/shadow", "C:\\Windows\\system32\\x.dll",
    "a/b/c.jpg", "a\\b\\c.jpg", "\\\\server\\share\\x.pdf", "~/.bashrc", ".bashrc", " ",
    "CON", "con.txt", "NUL.pdf", "aux", "COM1", "lpt9.doc", "CON .txt", "con.tar.gz", "COM¹.jpg",
    "conin$", "CONOUT$.log", "Prn", "photo\u202egpj.exe", "\u202ereport.pdf", "x\u200b.pdf",
    "name\u2066isolated\u2069.png", "trailing dots...", "trailing space ", "tab\there.txt",
    "new\nline.txt", "bell\x07.txt", "del\x7f.txt", 'quote"s<and>|pipes?*.png', "colon:stream.txt",
    "a" * 300, "ә" * 300, "🙂" * 300, "x" * 250 + ".jpeg", "ә" * 200 + "." + "ext" * 20,
    "Скриншот переписки с угрозами от 12.03.2024.png", "e\u0301cole.pdf", "",
]


def _folder_is_only(folder: Path, names: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} == names


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = make_store(tmp_path / "names.advocate")
    yield s
    s.close()


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_hostile_name_stored_as_given_exported_safely_inside(store: Store, tmp_path: Path,
                                                            name: str) -> None:
    case = store.add(Case(reference="N-1", title="Имена"))
    data = b"evidence bytes " + name.encode("utf-8", "surrogatepass")
    if name == "":
        item = store.add_evidence(case.id, io.BytesIO(data))  # no name: a neutral one
        assert item.original_name == "evidence"
    else:
        item = store.add_evidence(case.id, io.BytesIO(data), original_name=name)
        assert item.original_name == unicodedata.normalize("NFC", name)
        assert store.get(item.id, Evidence).original_name == item.original_name
    out = tmp_path / "export"
    out.mkdir()
    (tmp_path / "outside-marker").write_text("x")
    before_outside = sorted(p.name for p in tmp_path.iterdir())
    written = store.export_evidence(item.id, out)
    assert written.parent == out and written.resolve().parent == out.resolve()
    assert written.read_bytes() == data
    _folder_is_only(out, {written.name})
    assert sorted(p.name for p in tmp_path.iterdir()) == before_outside
    _assert_safe(written.name)


def _assert_safe(name: str) -> None:
    assert name and name not in (".", "..")
    assert len(name.encode("utf-8")) <= 255 - 40  # room for the temporary name beside it
    assert not any(c in name for c in '/\\:*?"<>|')
    assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in name)
    assert not name.startswith(".") and not name.endswith((".", " "))
    stem = name.split(".")[0].rstrip(" ").casefold()
    assert stem not in WINDOWS_RESERVED, name


@pytest.mark.parametrize("name", ["a\x00b.jpg", "\x00", "../\x00/etc/passwd"])
def test_nul_in_name_is_refused_clearly_and_nothing_taken_in(store: Store, name: str) -> None:
    case = store.add(Case(reference="N-2", title="NUL"))
    head = store.audit_head()
    with pytest.raises(ValidationError) as caught:
        store.add_evidence(case.id, io.BytesIO(b"bytes"), original_name=name)
    assert "NUL" in caught.value.message
    assert store.list_records(Evidence) == []
    assert store.vault.connection.execute("SELECT count(*) FROM evidence_chunks").fetchone()[0] == 0
    assert store.audit_head() == head


def test_intake_from_a_file_with_a_hostile_name(store: Store, tmp_path: Path) -> None:
    """A file on disk whose own name is hostile (every byte Linux allows in a name)."""
    case = store.add(Case(reference="N-3", title="Файл"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = "..\u202egpj.exe \x01\x1f CON ~$" + "ә" * 100
    source = inbox / name
    source.write_bytes(b"x" * 10)
    item = store.add_evidence(case.id, source)
    assert item.original_name == name
    out = tmp_path / "out"
    out.mkdir()
    written = store.export_evidence(item.id, out)
    assert written.parent == out
    _assert_safe(written.name)


def test_export_to_explicit_path_is_where_the_user_said(store: Store, tmp_path: Path) -> None:
    """``-o FILE`` is the user's own choice of path; it is used as given, never overwritten."""
    case = store.add(Case(reference="N-4", title="Путь"))
    item = store.add_evidence(case.id, io.BytesIO(b"abc"), original_name="../../x")
    target = tmp_path / "chosen name.bin"
    assert store.export_evidence(item.id, target) == target
    assert target.read_bytes() == b"abc"
    with pytest.raises(Exception, match="already exists"):
        store.export_evidence(item.id, target)


def test_two_exports_of_the_same_name_do_not_overwrite(store: Store, tmp_path: Path) -> None:
    case = store.add(Case(reference="N-5", title="Дубль"))
    first = store.add_evidence(case.id, io.BytesIO(b"one"), original_name="photo.jpg")
    second = store.add_evidence(case.id, io.BytesIO(b"two"), original_name="photo.jpg")
    out = tmp_path / "out"
    out.mkdir()
    store.export_evidence(first.id, out)
    with pytest.raises(Exception, match="already exists"):
        store.export_evidence(second.id, out)
    assert (out / "photo.jpg").read_bytes() == b"one"
    assert os.listdir(out) == ["photo.jpg"]


def test_safe_filename_properties() -> None:
    for name in HOSTILE_NAMES:
        _assert_safe(safe_filename(name))
