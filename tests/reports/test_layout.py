"""Layout rules: words break at syllables with a hyphen, a heading keeps its first item."""

from __future__ import annotations

import re

from reportlab.platypus import Spacer

from advocate.model import ActionStatus, CaseFile
from advocate.reports import ReportKind
from advocate.reports.blocks import HeadingBreak, Para, data_table, heading, keep_headings_with_next
from advocate.reports.hyphens import hyphenator, kazakh_breaks
from advocate.reports.styles import make_styles
from tests.reports.conftest import Renderer, pdftotext


def _syllables(word: str) -> str:
    cuts = kazakh_breaks(word)
    return "-".join(word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True))


def test_kazakh_words_break_between_syllables() -> None:
    assert _syllables("қанағаттандырылды") == "қа-на-ғат-тан-ды-рыл-ды"
    assert _syllables("жолданым") == "жол-да-ным"
    assert _syllables("аккаунт") == "ак-ка-унт"
    assert _syllables("Дмитрий") == "Дмит-рий"  # й stays with its vowel
    assert _syllables("ағы") == "ағы"  # two letters stay on each side


def test_russian_text_hyphenates_kazakh_words_too() -> None:
    pairs = list(hyphenator("ru")("Сәрсенқұлова"))
    assert pairs and all(head + tail == "Сәрсенқұлова" for head, tail in pairs)
    assert list(hyphenator("kk")("x" * 200)) == []  # a hash or a mash is not hyphenated


def test_narrow_cells_break_words_with_a_hyphen(render: Renderer, rich_case: CaseFile) -> None:
    for action in rich_case.actions:
        action.status = ActionStatus.SATISFIED
    out, _ = render(rich_case, ReportKind.COMPLAINT, "kk")
    text = pdftotext(out)
    assert re.search(r"қанағат\w*-\n\w*", text)
    assert not re.search(r"қанағат\w*[^-\w]\n(?:\w*ды)\b", text)


def test_a_heading_asks_for_room_for_its_first_row() -> None:
    styles = make_styles(12.0, "ru")
    rows = [["строка " * 40, "x"]] * 5
    table = data_table(["Заголовок", "Б"], rows, [300, 100], styles)
    story = [*heading("Раздел", styles, 1), Spacer(1, 5), table]
    keep_headings_with_next(story)
    brk = story[0]
    assert isinstance(brk, HeadingBreak)
    title = story[1]
    assert isinstance(title, Para)
    _, title_height = title.wrap(400, 800)
    first_two_rows = sum(table._rowHeights[:2])
    assert brk.height >= title_height + 5 + first_two_rows


def test_a_compound_breaks_after_its_own_hyphen() -> None:
    for lang in ("ru", "kk", "en"):
        heads = [head for head, _ in hyphenator(lang)("Telegram-аккаунт")]
        assert "Telegram-" in heads, lang
        assert "Telegram" not in heads, lang  # never just before the hyphen
