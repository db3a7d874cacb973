"""Redaction never changes a fact: a name is replaced by its own person's label only, a name
that could be two people's is withheld with a neutral mark, quoted words are cut visibly and
never rewritten, and neither invisible characters nor absurd input get a name through.

All names are invented.
"""

from __future__ import annotations

import time
from datetime import date

import pytest

from advocate.model import Case, CaseFile, Gender, Person, Role, RoleKind
from advocate.reports.names import NameIndex, normalise
from advocate.reports.people import PersonNamer
from advocate.reports.request import Profile
from advocate.reports.texts import texts_for

MARK = {"ru": "[имя скрыто]", "kk": "[есімі жасырылды]", "en": "[name withheld]"}


def _family() -> tuple[CaseFile, dict[str, Person]]:
    """An official whose wife, son and mother share his surname; a neighbour whose given
    name starts with the son's; none but the official consented to anything."""
    case = Case(title="Тест")
    people = {
        "official": Person(full_name="Марат Серікұлы Әлібеков", gender=Gender.MALE),
        "mother": Person(full_name="Гүлнар Сейітқызы Әлібекова", gender=Gender.FEMALE),
        "son": Person(full_name="Нұрлан Маратұлы Әлібеков", gender=Gender.MALE,
                      birth_date=None),
        "granny": Person(full_name="Күләш Әлібекова", gender=Gender.FEMALE),
        "neighbour": Person(full_name="Нұрланбек Қасымов", gender=Gender.MALE),
        "friend": Person(full_name="Айгуль Петрова", gender=Gender.FEMALE),
    }
    roles = [
        Role(case_id=case.id, person_id=people["son"].id, role=RoleKind.VICTIM),
        Role(case_id=case.id, person_id=people["mother"].id, role=RoleKind.FAMILY,
             relation_to_victim="мать"),
        Role(case_id=case.id, person_id=people["granny"].id, role=RoleKind.FAMILY,
             relation_to_victim="бабушка"),
        Role(case_id=case.id, person_id=people["official"].id, role=RoleKind.OFFICIAL,
             institution="ОП", position="следователь"),
        Role(case_id=case.id, person_id=people["neighbour"].id, role=RoleKind.WITNESS),
        Role(case_id=case.id, person_id=people["friend"].id, role=RoleKind.WITNESS),
    ]
    case_file = CaseFile(case=case, persons={p.id: p for p in people.values()}, roles=roles)
    return case_file, people


def _namer(case_file: CaseFile, lang: str = "ru") -> PersonNamer:
    return PersonNamer(case_file, profile=Profile.OMBUDSMAN, redact=False,
                       texts=texts_for(lang), day=date(2024, 6, 3))


@pytest.fixture
def family() -> tuple[PersonNamer, dict[str, Person]]:
    case_file, people = _family()
    return _namer(case_file), people


@pytest.mark.parametrize(("typed", "printed"), [
    # The official is named; his surname beside his given name is his.
    ("Марат Әлібеков отказал", "Марат Әлібеков отказал"),
    ("Марат Серікұлы Әлібеков отказал", "Марат Серікұлы Әлібеков отказал"),
    # The mother's own forms: full name, Russian genitive/instrumental, Kazakh dative.
    ("Гүлнар Сейітқызы Әлібекова пришла", "мать пришла"),
    ("со слов Сейітқызы", "со слов мать"),
    # The wife's and the grandmother's surname: either of them.
    ("со слов Әлібековой", "со слов [имя скрыто]"),
    ("Гүлнарға хабарласты", "мать хабарласты"),
    ("Гүлнардың үйі", "мать үйі"),
    ("Сейітқызының айтуынша", "мать айтуынша"),
    # The son's patronymic is his, not his father's.
    ("Маратұлы сказал", "потерпевший сказал"),
    ("Нұрланның анасы", "потерпевший анасы"),
    # A form shared by relatives (Russian dative of both, Kazakh plural) is nobody's label.
    ("передали Әлібекову", "передали [имя скрыто]"),
    ("Әлібековтар келді", "[имя скрыто] келді"),
    ("Әлібекова", "[имя скрыто]"),  # the wife, the grandmother, or the genitive of a man
    # A name that starts like another is not its form.
    ("Нұрланбекке айтты", "свидетель 1 айтты"),
    ("Нұрланға айтты", "потерпевший айтты"),
    # Russian declension of a soft-sign name.
    ("позвонили Айгули, не Айгулиной", "позвонили свидетель 2, не Айгулиной"),
    ("позвонили Айгулю", "позвонили свидетель 2"),
    ("вместе с Петровой", "вместе с свидетель 2"),
])
def test_a_name_is_replaced_by_its_own_person_only(
        family: tuple[PersonNamer, dict[str, Person]], typed: str, printed: str) -> None:
    namer, _ = family
    assert namer.scrub(typed) == printed


def test_quoted_words_are_cut_visibly_never_rewritten() -> None:
    case_file, _ = _family()
    for lang in ("ru", "kk", "en"):
        namer = _namer(case_file, lang)
        assert namer.scrub_quoted("Күләш апай тоқтамаса, үйді өртейміз") == (
            f"{MARK[lang]} апай тоқтамаса, үйді өртейміз")
        assert namer.scrub_quoted("Гүлнарға айт, Марат Әлібеков көмектеспейді") == (
            f"{MARK[lang]} айт, Марат Әлібеков көмектеспейді")


@pytest.mark.parametrize("typed", [
    "\u200fГүлнар пришла",  # a right-to-left mark pasted from a messenger
    "Гүл\u200dнар пришла",  # a zero-width joiner inside the word
    "Гүл\u200bнар пришла",  # a zero-width space
    "Гу\u0308лнар пришла".replace("у\u0308", "ү"),  # precomposed
    "Гүлнар\u00ad пришла",  # a soft hyphen
    "ГҮЛНАР пришла",
    "Gu\u0308lnar пришла",  # Latin with a combining diaeresis
    "Gulnar пришла",  # transliterated
])
def test_invisible_characters_and_unicode_forms_let_no_name_through(
        family: tuple[PersonNamer, dict[str, Person]], typed: str) -> None:
    namer, _ = family
    assert namer.scrub(typed) == "мать пришла"


def test_decomposed_letters_are_matched() -> None:
    # "й" typed as "и" + combining breve, as some keyboards do.
    case = Case(title="т")
    person = Person(full_name="Андрей Условный")
    case_file = CaseFile(case=case, persons={person.id: person}, roles=[
        Role(case_id=case.id, person_id=person.id, role=RoleKind.WITNESS)])
    namer = _namer(case_file)
    assert namer.scrub("Андреи\u0306 видел") == "свидетель видел"
    assert namer.scrub("Андрею сказали") == "свидетель сказали"


def test_positions_map_back_to_the_typed_text() -> None:
    text = "a\u200fb ﬁ Ä"
    norm, origin = normalise(text)
    assert norm == "ab fi ä"
    assert [text[origin[i]] for i in range(len(norm))][:2] == ["a", "b"]
    assert origin[-1] == len(text)


def test_matching_stays_linear_on_absurd_input() -> None:
    case = Case(title="т")
    giant = Person(full_name=" ".join(f"Слово{i}" for i in range(60_000)))
    other = Person(full_name="Гүлнар Әлібекова")
    case_file = CaseFile(case=case, persons={giant.id: giant, other.id: other}, roles=[
        Role(case_id=case.id, person_id=giant.id, role=RoleKind.WITNESS),
        Role(case_id=case.id, person_id=other.id, role=RoleKind.WITNESS)])
    started = time.perf_counter()
    namer = _namer(case_file)
    text = giant.full_name + " и Гүлнар " * 2000
    scrubbed = namer.scrub(text)
    assert time.perf_counter() - started < 20
    assert "Слово1" not in scrubbed and "Гүлнар" not in scrubbed


def test_a_word_no_one_is_named_by_is_left_alone() -> None:
    index = NameIndex([("a", "Бақыт Серікова")])
    assert index.people_of("бақытқа") == {"a"}
    assert index.people_of("бақ") == frozenset()
    assert index.people_of("сериал") == frozenset()


def test_an_initial_tells_relatives_apart(family: tuple[PersonNamer, dict[str, Person]]) -> None:
    namer, _ = family
    # "М." fits only the official Марат: his name stays; "Н." fits only the son.
    assert namer.scrub("М. Әлібеков ответил") == "М. Әлібеков ответил"
    assert namer.scrub("Н. Әлібеков пришёл") == "потерпевший пришёл"
    assert namer.scrub_quoted("ответ: Г. Әлібекова") == "ответ: [имя скрыто]"


def test_a_withheld_street_goes_even_within_other_words() -> None:
    case = Case(title="т")
    granny = Person(full_name="Күләш Сейітова", address="г. Ақтерек, ул. Жамбыл (частный дом)",
                    phones=["+7 705 111 22 33"], id_number="610101400123")
    case_file = CaseFile(case=case, persons={granny.id: granny}, roles=[
        Role(case_id=case.id, person_id=granny.id, role=RoleKind.FAMILY,
             relation_to_victim="бабушка")])
    namer = _namer(case_file)
    assert not namer.shows_contacts(granny.id)
    assert namer.scrub("г. Ақтерек, ул.\u200f Жамбыл, дом бабушки") == (
        "г. Ақтерек, […], дом бабушки")
    assert namer.scrub("звонить 8 (705) 111-22-33, ИИН 6101 0140 0123") == (
        "звонить […], ИИН […]")
