"""Every kind of report, in every language: a sound PDF, embedded fonts only (no base-14),
Kazakh letters that survive text extraction, and the running header and footer on every page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from advocate.model import CaseFile
from advocate.reports import LANGUAGES, Profile, ReportKind
from advocate.reports.fonts import FONT_FILES, KAZAKH_LETTERS, SERIF, register_fonts
from advocate.reports.paths import fonts_dir
from tests.reports.conftest import Renderer, flat, pdftotext, qpdf_check

BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
PAGE_OF = {"ru": "Страница {page} из {pages}", "kk": "{pages} беттің {page}-беті",
           "en": "Page {page} of {pages}"}
CASE_LABEL = {"ru": "Дело № АБ-17/2024", "kk": "№ АБ-17/2024 іс", "en": "Case АБ-17/2024"}
DATE = {"ru": "3 июня 2024 г.", "kk": "2024 жылғы 3 маусым", "en": "3 June 2024"}


def test_font_files_and_their_licences_are_bundled() -> None:
    folder = fonts_dir()
    for file in FONT_FILES.values():
        assert (folder / file).is_file(), file
    licences = {p.name for p in folder.iterdir() if "LICENSE" in p.name.upper()}
    assert "LiberationSerif-LICENSE.txt" in licences and "DejaVuSans-LICENSE.txt" in licences
    assert "SIL Open Font License" in (folder / "LiberationSerif-LICENSE.txt").read_text()


def test_the_serif_faces_cover_cyrillic_and_every_kazakh_letter() -> None:
    coverage = register_fonts()
    cyrillic = [chr(c) for c in range(0x410, 0x450)] + ["Ё", "ё"]
    for ch in [*KAZAKH_LETTERS, *cyrillic]:
        assert ch in coverage.serif, f"{ch} (U+{ord(ch):04X}) missing from {SERIF}"
    assert "₸" in coverage.symbols  # the tenge sign comes from DejaVu Sans


def pdffonts(path: Path) -> list[list[str]]:
    """pdffonts' rows: name, type, encoding, emb, sub, uni, object, generation."""
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(ReportKind))
def test_every_report_is_sound_with_only_embedded_fonts(
        render: Renderer, rich_case: CaseFile, kind: ReportKind, lang: str) -> None:
    out, _ = render(rich_case, kind, lang)
    qpdf_check(out)
    rows = pdffonts(out)
    assert rows
    for row in rows:
        name = row[0]
        assert not any(name == b or name.startswith(b + "-") for b in BASE14), row
        assert row[-5] == "yes", f"font {name} is not embedded"
        assert "+" in name, f"font {name} is not a subset"
        assert "Liberation" in name or "DejaVu" in name, row


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(ReportKind))
def test_every_page_carries_page_n_of_m_the_case_and_the_date(
        render: Renderer, rich_case: CaseFile, kind: ReportKind, lang: str) -> None:
    out, stamp = render(rich_case, kind, lang)
    pages = pdftotext(out).split("\f")[:-1]
    assert pages
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.split())
        assert PAGE_OF[lang].format(page=number, pages=len(pages)) in text
        assert CASE_LABEL[lang] in text
        assert DATE[lang] in text
        assert stamp.code in text


def test_kazakh_letters_survive_extraction(render: Renderer, rich_case: CaseFile) -> None:
    letters = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
    rich_case.threats[0].words = f"Барлық әріптер: {letters}"
    out, _ = render(rich_case, ReportKind.THREATS, "kk", profile=Profile.INTERNAL)
    text = pdftotext(out)
    assert letters in text
    assert "ҚОРҚЫТУЛАР ЖУРНАЛЫ" in text
    out, _ = render(rich_case, ReportKind.COMPLAINT, "kk", profile=Profile.INTERNAL)
    text = pdftotext(out)
    assert "ШАҒЫМ" in text and "Өтініш беруші" in text
    for name in ("Әмір Ғалымұлы Сәрсенқұлов", "Гүлнұр Өмірбекқызы Сәрсенқұлова",
                 "Рәбиға Жүсіпқызы Һашимова", "Ілияс Меңдіғалиұлы Тоқсанбаев"):
        assert flat(name) in flat(text)


def test_the_pdf_metadata_names_no_one(render: Renderer, rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru")
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True,
                          text=True).stdout
    assert "Title:" in info and "Жалоба" in info
    for person in rich_case.persons.values():
        assert person.full_name not in info
