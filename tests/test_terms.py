"""One word for one thing in Russian and Kazakh (docs/glossary.md, tools/term_check.py).

The app's catalogue and the report texts use the glossary's word wherever their English uses a
term; no two terms share a word; words a term had before it was settled (kk «жолданым», ru
«выгрузить»…) stay out of the app, the reports, the guides and the install notes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("babel.messages")
from tools import term_check
from tools.term_check import GLOSSARY, Text


def test_every_translation_uses_the_glossary_word() -> None:
    problems = term_check.term_problems()
    assert not problems, "\n".join(problems)


def test_no_retired_word_is_used_anywhere() -> None:
    problems = term_check.retired_problems()
    assert not problems, "\n".join(problems)


def test_the_glossary_has_every_checked_term_with_its_word_and_no_word_twice() -> None:
    problems = term_check.glossary_problems()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("lang", "english", "wrong", "right"), [
    ("kk", "Dashboard", "Шолу", "Басты бет"),  # the dashboard is not a case's overview
    ("kk", "Addressee", "Алушы", "Адресат"),
    ("kk", "A note needs a title or some text.", "Жазбаның тақырыбы не мәтіні болуы керек.",
     "Ескертпенің тақырыбы не мәтіні болуы керек."),
    ("ru", "Reference", "Номер дела", "Внутренний номер"),  # ours, not the court's number
    ("ru", "What is requested", "Просьба", "Что просим"),
    ("ru", "&Unlock", "&Открыть", "&Разблокировать"),
])
def test_a_translation_with_another_word_is_reported(
        lang: str, english: str, wrong: str, right: str) -> None:
    assert term_check.term_problems([Text("test", lang, english, wrong)])
    assert not term_check.term_problems([Text("test", lang, english, right)])


def test_a_term_with_a_context_checks_only_that_list() -> None:
    """«request» is «запрос» as an action's kind; the complaint's request is another term."""
    kind = Text("test", "ru", "request", "просьба", context="ActionKind")
    assert term_check.term_problems([kind])
    assert not term_check.term_problems([Text("test", "ru", "request", "просьба")])


def test_placeholders_file_names_and_caps_lock_are_not_words() -> None:
    texts = [Text("test", "ru", "The vault was used from the wrong thread ({action}).",
                  "Обращение к хранилищу из чужого потока ({action})."),
             Text("test", "kk", "advocate-export-{date}.json", "advocate-export-{date}.json"),
             Text("test", "ru", "Check the keyboard layout and Caps Lock.",
                  "Проверьте раскладку клавиатуры и Caps Lock.")]
    assert not term_check.term_problems(texts)


def test_a_retired_word_is_reported_in_its_own_language_only() -> None:
    assert term_check.retired_problems([("kk", "guide", "Берілген жолданымдар")])
    assert term_check.retired_problems([("ru", "guide", "Выгрузить файл")])
    assert not term_check.retired_problems([("kk", "guide", "Выгрузить файл")])
    # «нысана» (a target) is another word than the retired «нысан» (a form)
    assert not term_check.retired_problems([("kk", "guide", "Қорқытудың нысанасы")])


def test_two_terms_with_one_word_are_reported(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.md"
    text = GLOSSARY.read_text(encoding="utf-8")
    glossary.write_text(text.replace("| dashboard | сводка | басты бет |",
                                     "| dashboard | сводка | шолу |"), encoding="utf-8")
    problems = term_check.glossary_problems(glossary)
    assert any("«шолу» is both" in problem for problem in problems), problems


def test_a_glossary_word_the_check_does_not_expect_is_reported(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.md"
    text = GLOSSARY.read_text(encoding="utf-8")
    glossary.write_text(text.replace("| note | заметка | ескертпе |", "| note | заметка | жазба |"),
                        encoding="utf-8")
    problems = term_check.glossary_problems(glossary)
    assert any("glossary 'note' (kk)" in problem for problem in problems), problems
