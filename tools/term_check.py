"""One word for one thing: checks the Russian and Kazakh texts against docs/glossary.md.

For every glossary term below, each message of the catalogue (resources/locale/{ru,kk}) and each
report text (resources/reports/texts/*.json) whose English contains the term must use the
glossary's word in Russian and Kazakh — inflected forms are fine, since the match is on a stem
(``хранилищ`` matches «хранилища», «хранилищем»). Retired words (the second word a term once had,
such as kk «жолданым» or ru «выгрузить») must appear nowhere: not in the app, the reports, the
guides or the install notes. tests/test_terms.py runs both checks, and also checks that the
glossary's own table gives, for each term, a word that these stems match, so the glossary and
this file cannot drift apart.

Usage: python -m tools.term_check            — the problems, one a line (exit status 1 if any)
       python -m tools.term_check --list     — every message each term covers, flagged or not
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
REPORT_TEXTS = ROOT / "resources" / "reports" / "texts"
GLOSSARY = ROOT / "docs" / "glossary.md"
LANGS = ("ru", "kk")


@dataclass(frozen=True)
class Term:
    """A glossary term: ``english`` is its cell in the glossary's English column, ``pattern``
    finds it in an English text, ``ru`` and ``kk`` are the stems a translation must contain."""

    english: str
    pattern: str
    ru: str
    kk: str
    context: str | None = None  # only messages of this gettext context (an enumeration's name)

    def finds(self, text: str) -> bool:
        return re.search(self.pattern, text, re.IGNORECASE) is not None

    def stem(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.kk


TERMS: tuple[Term, ...] = (
    Term("vault", r"\bvaults?\b", r"хранилищ", r"қойма"),
    Term("demo vault", r"\bdemo vault", r"демо-хранилищ", r"демо қойма"),
    Term("passphrase", r"passphrase", r"пароль-фраз", r"құпия фраза"),
    Term("change the passphrase", r"chang\w* (the |a vault's )?passphrase",
         r"смен", r"өзгерт"),
    Term("recovery key", r"recovery key", r"ключ\w* восстановления", r"қалпына келтіру кілт"),
    Term("master key", r"master key", r"мастер-ключ", r"негізгі кілт"),
    Term("unlock", r"\bunlock", r"разблокир", r"құл(ы)?п"),
    Term("lock", r"\block(ed|s|ing)?\b", r"блокир", r"құл(ы)?п"),
    Term("backup", r"\bbackups?\b|\bback(ed|ing)? ?up\b", r"копи|резервн", r"көшірме"),
    Term("restore", r"\brestor", r"восстан", r"қалпына келтір"),
    Term("export", r"\bexport", r"экспорт", r"экспорт"),
    Term("dashboard", r"dashboard", r"сводк", r"басты бет"),
    Term("overview", r"\boverview", r"обзор", r"шолу"),
    Term("case reference", r"^reference$", r"внутр\w*\.? номер", r"ішкі нөмір"),
    Term("case number (the authority's)", r"\bcase number", r"номер дела", r"іс нөмір"),
    Term("victim", r"\bvictims?\b", r"потерпевш", r"жәбірленуш"),
    Term("applicant", r"\bapplicant", r"заявител", r"өтініш беруш"),
    Term("official", r"\bofficials?\b", r"должностн", r"лауазымды тұлға"),
    Term("incident", r"\bincidents?\b", r"происшеств", r"оқиға"),
    Term("note", r"\bnotes?\b", r"замет(к|ок)", r"ескертпе"),
    Term("record", r"\brecords?\b", r"запис", r"жазба"),
    Term("threat", r"\bthreats?\b", r"угроз|угрож", r"қорқыт"),
    Term("channel", r"^channel$", r"способ", r"тәсіл"),
    Term("response (to a report to the police)", r"\bresponse\b", r"реакци", r"қабылданған шара"),
    Term("evidence", r"\bevidence\b", r"доказательств", r"дәлелдеме"),
    Term("provided by", r"\bprovided by\b", r"передал", r"ұсын"),
    Term("consent", r"\bconsent", r"согласи", r"келісім"),
    Term("given by", r"\bgiven by\b|\bgave\b", r"\bда(л|ёт)", r"бер(ді|ген|еді)"),
    Term("action", r"\bactions?\b", r"действи", r"әрекет"),
    Term("complaint", r"\bcomplaints?\b", r"жалоб", r"шағым"),
    Term("complaint draft", r"complaint drafts?", r"проект\w* жалоб", r"шағым жобас"),
    Term("what is complained of", r"complained of", r"обжалу", r"шағым(дан| жасал)"),
    Term("what is requested", r"what is requested|^request:$", r"что просим", r"не сұрал"),
    Term("request", r"^request$", r"запрос", r"сұрау салу", context="ActionKind"),
    Term("addressee", r"\baddressee", r"адресат", r"адресат"),
    Term("status", r"\bstatus\b", r"статус", r"жай-күй"),
    Term("answer due", r"^answer due$|term for an answer", r"срок ответа", r"жауап мерзім"),
    Term("proceeding", r"\bproceedings?\b", r"производств", r"іс жүргізу"),
    Term("hearing", r"\bhearings?\b", r"заседани", r"сот отырыс"),
    Term("form (on screen)", r"\b(the|in)\s+forms?\b", r"форм", r"пішін"),
)

# Messages where a term's English word stands for something the glossary names otherwise; each
# with the reason. Keyed by the English text, then the glossary term.
EXCEPTIONS: dict[str, dict[str, str]] = {
    "An action that was filed needs a filing date.": {
        "action": "a filed action is a submission: «обращение» / «өтініш»"},
    "The answer cannot be due before the action was filed.": {
        "action": "a filed action is a submission: «обращение» / «өтініш»"},
    "The answer cannot come before the action was filed.": {
        "action": "a filed action is a submission: «обращение» / «өтініш»"},
    "An action that is no longer a draft needs a filing date.": {
        "action": "said on the action's own form, so the translation leaves the word out"},
    "keeping the record": {"record": "a consent purpose: keeping the case's information"},
    "No evidence record has this id.": {"record": "the evidence record is the evidence"},
    "No remedy has been tried: record where the case was already taken, with the date it was "
    "filed.": {"record": "a verb here"},
    "Vault id:       {id}": {"vault": "a command's aligned label, under «Vault:»"},
    "Alleged victim": {"victim": "the UN Human Rights Committee's own Russian form says "
                                 "«предполагаемая жертва»"},
}

# Words a term had besides the glossary's; found anywhere in a translation, a report text, a guide
# or the install notes, they are a problem. (language, pattern, what to write instead)
RETIRED: tuple[tuple[str, str, str], ...] = (
    ("ru", r"черновик\w* жалоб", "проект жалобы"),
    ("ru", r"главн\w+ ключ", "мастер-ключ"),
    ("ru", r"выгруз", "экспортировать"),
    ("ru", r"пострадавш", "потерпевший"),
    ("ru", r"на что жалоба", "что обжалуется"),
    ("kk", r"жолданым", "өтініш (a submission) or әрекет (an action)"),
    ("kk", r"басты кілт", "негізгі кілт"),
    ("kk", r"арыз беруш", "өтініш беруші"),
    ("kk", r"сыртқа шығар", "экспорттау"),
    ("kk", r"құпия фразаны ауыстыр", "құпия фразаны өзгерту"),
    ("kk", r"\bнысан(?!а)", "пішін (a form on screen), объект (JSON), түрде (electronically)"),
    ("kk", r"демонстрациялық қойма", "демо қойма"),
    ("kk", r"шағымның нысанасы", "неге шағымданады"),
)

GUIDES = ("user-guide.ru.md", "user-guide.kk.md", "install.ru.md", "install.kk.md")
_PLACEHOLDER = re.compile(r"\{[^}]*\}|%\([^)]*\)s")
_FILE_NAME = re.compile(r"[\w.-]+[.-][\w. -]*")


@dataclass(frozen=True)
class Text:
    """One translated text: where it is, its English, and its translation."""

    where: str
    lang: str
    english: str
    translation: str
    context: str | None = None


def _plain_english(text: str) -> str:
    # placeholders ({action}) are not words; Caps Lock is a key, not the vault's lock
    return _PLACEHOLDER.sub(" ", text.replace("&", "")).replace("Caps Lock", "")


def catalogue_texts(lang: str) -> Iterator[Text]:
    """Every message of a language's catalogue; each plural form is its own text."""
    with (LOCALE / lang / "LC_MESSAGES" / "advocate.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    for message in catalog:
        if not message.id:
            continue
        english = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            yield Text(f"{lang}.po", lang, english, string, message.context)


def report_texts(lang: str) -> Iterator[Text]:
    """Every report text of a language, beside the English one of the same key."""
    english = json.loads((REPORT_TEXTS / "en.json").read_text(encoding="utf-8"))
    translated = json.loads((REPORT_TEXTS / f"{lang}.json").read_text(encoding="utf-8"))
    for key, text in translated.items():
        yield Text(f"reports/{lang}.json:{key}", lang, english.get(key, ""), text)


def all_texts() -> Iterator[Text]:
    for lang in LANGS:
        yield from catalogue_texts(lang)
        yield from report_texts(lang)


def covered(term: Term, text: Text) -> bool:
    """Whether a text's English uses the term (and the term applies to it)."""
    if term.context is not None and text.context != term.context:
        return False
    if term.english in EXCEPTIONS.get(text.english, {}):
        return False
    english = _plain_english(text.english).strip()
    if _FILE_NAME.fullmatch(english):
        return False  # a file name such as advocate-export-{date}.json is not translated
    return term.finds(english)


def uses_term(term: Term, text: Text) -> bool:
    translation = text.translation.replace("&", "")
    return re.search(term.stem(text.lang), translation, re.IGNORECASE) is not None


def term_problems(texts: Iterable[Text] | None = None) -> list[str]:
    """Each translation whose English uses a glossary term but which does not use its word."""
    problems = []
    for text in all_texts() if texts is None else texts:
        for term in TERMS:
            if covered(term, text) and not uses_term(term, text):
                problems.append(f"{text.where}: '{term.english}' is «{term.stem(text.lang)}…» "
                                f"in the glossary: {text.english!r} -> {text.translation!r}")
    return problems


def _documents(lang: str) -> Iterator[tuple[str, str]]:
    for text in catalogue_texts(lang):
        yield text.where, text.translation
    for text in report_texts(lang):
        yield text.where, text.translation
    for name in GUIDES:
        if name.split(".")[-2] == lang:
            path = ROOT / "docs" / name
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                yield f"docs/{name}:{number}", line


def retired_problems(documents: Iterable[tuple[str, str, str]] | None = None) -> list[str]:
    """Each place a retired word is still used; ``documents`` are (language, where, text)."""
    problems = []
    if documents is None:
        documents = ((lang, where, text) for lang in LANGS for where, text in _documents(lang))
    for lang, where, text in documents:
        for word_lang, pattern, instead in RETIRED:
            if word_lang == lang and re.search(pattern, text, re.IGNORECASE):
                problems.append(f"{where}: «{pattern}» is retired, write {instead}: {text!r}")
    return problems


def glossary_rows(path: Path = GLOSSARY) -> dict[str, tuple[str, str, str]]:
    """The glossary's tables: English cell -> (Russian, Kazakh, notes)."""
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and line.lstrip().startswith("|") and not set(cells[0]) <= set("-"):
            rows[cells[0]] = (cells[1], cells[2], cells[3] if len(cells) > 3 else "")
    return rows


def glossary_problems(path: Path = GLOSSARY) -> list[str]:
    """Terms missing from the glossary, or whose glossary word these stems do not match; and
    two terms with one word (one word must not name two things)."""
    rows = glossary_rows(path)
    problems = []
    for term in TERMS:
        row = rows.get(term.english)
        if row is None:
            problems.append(f"the glossary has no row '{term.english}'")
            continue
        for lang, cell in zip(LANGS, row[:2], strict=True):
            if not re.search(term.stem(lang), cell, re.IGNORECASE):
                problems.append(f"glossary '{term.english}' ({lang}) is «{cell}», but the check "
                                f"expects «{term.stem(lang)}…»: change one of them")
    for index, lang in enumerate(LANGS):
        seen: dict[str, str] = {}
        for english, row in rows.items():
            word = row[index].lower()
            if word in seen and english != seen[word]:
                problems.append(f"glossary ({lang}): «{row[index]}» is both '{seen[word]}' and "
                                f"'{english}'")
            seen.setdefault(word, english)
    return problems


def main(argv: list[str]) -> int:
    if "--list" in argv:
        for term in TERMS:
            print(f"== {term.english}: ru «{term.ru}», kk «{term.kk}»")
            for text in all_texts():
                if covered(term, text):
                    mark = "  " if uses_term(term, text) else "!!"
                    print(f"{mark} {text.where}: {text.english!r} -> {text.translation!r}")
        return 0
    problems = glossary_problems() + term_problems() + retired_problems()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
