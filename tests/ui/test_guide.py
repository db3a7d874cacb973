"""The user guide: written in English, Russian and Kazakh, shipped with the app, and shown offline
from Help → User guide in the app's language with its screenshots loaded."""

from __future__ import annotations

import re
import shutil
import sys
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument

from advocate.i18n import language, set_language
from ui import menus
from ui.menus import GUIDE_IMAGE_WIDTH, GUIDE_LANGS, GuideDialog, guide_path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
FILES = {"en": "user-guide.md", "ru": "user-guide.ru.md", "kk": "user-guide.kk.md"}


@pytest.fixture
def restore_language() -> Iterator[None]:
    before = language()
    yield
    set_language(before)


def _pictures(lang: str) -> list[str]:
    return IMAGE.findall((DOCS / FILES[lang]).read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", GUIDE_LANGS)
def test_the_guide_exists_in_each_language_and_shows_its_own_pictures(lang: str) -> None:
    pictures = _pictures(lang)
    assert len(pictures) >= 10, "the guide shows the screens"
    for picture in pictures:
        assert picture.startswith(f"screenshots/{lang}/"), picture
        assert (DOCS / picture).is_file(), picture


@pytest.mark.parametrize("lang", GUIDE_LANGS)
def test_the_dialog_shows_the_guide_in_the_language_with_its_pictures_loaded(
        qtbot, lang: str, restore_language: None) -> None:
    set_language(lang)
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    assert dialog.path == DOCS / FILES[lang]
    document = dialog.browser.document()
    assert "# " not in document.toPlainText()[:200], "the Markdown is rendered, not shown raw"
    # the pictures the document itself refers to (a document loads any name asked for, so the
    # names come from its image fragments, not from the Markdown)
    assert sorted(set(dialog.images)) == sorted(set(_pictures(lang)))
    for name in dialog.images:
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert isinstance(image, QPixmap | QImage) and not image.isNull(), name
    dialog.show()
    qtbot.waitExposed(dialog)
    # scaled to fit: no picture makes the reader scroll sideways
    assert document.idealWidth() <= GUIDE_IMAGE_WIDTH + 100


def test_a_language_without_a_guide_gets_the_english_one(restore_language: None) -> None:
    assert guide_path("de") == DOCS / "user-guide.md"


def test_the_bundle_finds_the_guide_in_docs_under_meipass(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        restore_language: None) -> None:
    """build.spec unpacks docs/ beside resources/ under sys._MEIPASS (an installed wheel's
    ui/_guide is checked by tests/test_resources.py in a fresh virtual environment)."""
    docs = tmp_path / "docs"
    (docs / "screenshots").mkdir(parents=True)
    shutil.copy(DOCS / FILES["kk"], docs / FILES["kk"])
    shutil.copytree(DOCS / "screenshots" / "kk", docs / "screenshots" / "kk")
    (tmp_path / "resources").symlink_to(ROOT / "resources")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    set_language("kk")
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    assert dialog.path == docs / FILES["kk"]
    assert dialog.images
    for name in dialog.images:
        image = dialog.browser.document().resource(
            QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert isinstance(image, QPixmap | QImage) and not image.isNull(), name


def test_without_a_guide_the_dialog_says_so(qtbot, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(menus, "guide_dirs", lambda: [tmp_path / "docs"])
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    assert dialog.path is None and not dialog.images
    assert dialog.browser.toPlainText()


def test_the_wheel_ships_every_guide_and_picture() -> None:
    """pyproject maps docs/ into the ui package as ui/_guide, where guide_dirs looks, and its
    package data covers the guides and their pictures (tests/test_resources.py builds a real
    wheel and opens the guide from it)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["setuptools"]["package-dir"]["ui._guide"] == "docs"
    patterns = config["setuptools"]["package-data"]["ui._guide"]
    for lang in GUIDE_LANGS:
        for name in [FILES[lang], "glossary.md", *_pictures(lang)]:
            assert any(fnmatch(name, pattern) for pattern in patterns), name


def test_the_bundle_collects_every_picture_the_guides_show() -> None:
    """build.spec ships only the pictures its pattern finds in the guides: it must find them
    all (a picture written another way would be missing from the bundle)."""
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    found = re.search(r'GUIDE_IMAGE = re\.compile\(r"(.+)"\)', spec)
    assert found, "build.spec collects the guides' pictures"
    pattern = re.compile(found.group(1))
    assert 'glob("user-guide*.md")' in spec and '"glossary.md"' in spec
    for lang in GUIDE_LANGS:
        text = (DOCS / FILES[lang]).read_text(encoding="utf-8")
        assert sorted(set(pattern.findall(text))) == sorted(set(_pictures(lang)))


@pytest.mark.parametrize("lang", GUIDE_LANGS)
def test_every_contents_link_leads_to_a_heading_of_the_guide(
        qtbot, lang: str, restore_language: None) -> None:
    set_language(lang)
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    text = (DOCS / FILES[lang]).read_text(encoding="utf-8")
    anchors = re.findall(r"\]\(#([^)]+)\)", text)
    assert len(anchors) >= 8
    for anchor in anchors:
        assert dialog.heading(anchor) is not None, anchor


def test_a_contents_link_moves_to_its_heading_and_a_language_link_opens_that_guide(
        qtbot, restore_language: None) -> None:
    set_language("en")
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.browser.anchorClicked.emit(QUrl("#backups-and-restore"))
    assert dialog.browser.textCursor().block().text() == "Backups and restore"
    dialog.browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert dialog.path == DOCS / "user-guide.md", "nothing on the web is opened"
    dialog.browser.anchorClicked.emit(QUrl("user-guide.kk.md"))
    assert dialog.path == DOCS / "user-guide.kk.md"
    assert dialog.images and all(name.startswith("screenshots/kk/") for name in dialog.images)
    dialog.browser.anchorClicked.emit(QUrl("glossary.md"))
    assert dialog.path == DOCS / "glossary.md"
    assert "құпия фраза" in dialog.browser.toPlainText()
