"""The persons a picker offers as the user types: names matched in any alphabet, the case's own
persons first, never more than asked for, and always what the vault holds now."""

from __future__ import annotations

from dataclasses import replace

from advocate.model import Person
from advocate.store import Store

from .factories import Factory


def _names(persons: list[Person]) -> list[str]:
    return [p.full_name or p.pseudonym for p in persons]


def test_a_name_typed_in_any_alphabet_finds_the_person_by_the_start_of_each_word(
        store: Store, make: Factory) -> None:
    make.person("Қайрат Нұрланов")
    make.person("Ольга Петрова")
    make.person("Aigerim Seitova")
    assert store.read_person_names() == 3
    for typed in ("Қайрат", "kairat", "KAIRAT NUR", "кайрат нурл", "Nurlanov", "qairat"):
        assert _names(store.persons_matching(typed)) == ["Қайрат Нұрланов"], typed
    assert _names(store.persons_matching("айгерим")) == ["Aigerim Seitova"]
    # every word must start a word of the name: the middle of a word is not a match
    assert store.persons_matching("рат") == []
    assert store.persons_matching("ольга иванова") == []
    # nothing typed (or only signs) asks for nobody
    assert store.persons_matching("") == [] and store.persons_matching(" - ") == []


def test_only_the_name_is_matched_and_a_pseudonym_stands_for_a_missing_name(
        store: Store, make: Factory) -> None:
    make.person("Ольга Петрова", address="Алматы, улица Абая", notes="сестра Марата")
    make.person("", pseudonym="Свидетель А")
    assert store.persons_matching("абая") == [] and store.persons_matching("марат") == []
    assert _names(store.persons_matching("свидетель")) == ["Свидетель А"]


def test_the_cases_own_persons_come_first_then_the_others_by_name_up_to_the_limit(
        store: Store, make: Factory) -> None:
    # by name alone, the others would come first (Ахметова before Сейітова)
    others = [make.person(f"Айгерім Ахметова {i}") for i in range(5)]
    mother = make.person("Айгерім Сейітова")
    unrelated = make.person("Гүлнар Сейітова")
    found = store.persons_matching("айгерим", limit=3, first=[mother.id, unrelated.id])
    assert _names(found) == ["Айгерім Сейітова", "Айгерім Ахметова 0", "Айгерім Ахметова 1"]
    every = store.persons_matching("айгерим", limit=50, first=[mother.id])
    assert [p.id for p in every] == [mother.id, *(p.id for p in others)]
    assert store.persons_matching("айгерим", limit=0) == []
    # an id of first that is not a person (or no longer there) is left out
    case = make.case()
    assert _names(store.persons_matching("гүлнар", first=[case.id, "gone"])) == [
        "Гүлнар Сейітова"]


def test_the_matches_follow_every_change_made_by_the_owner_and_seen_by_a_reader(
        store: Store, make: Factory) -> None:
    person = make.person("Ольга Петрова")
    with store.reader() as reader:
        assert _names(reader.persons_matching("ольга")) == ["Ольга Петрова"]
        assert _names(store.persons_matching("ольга")) == ["Ольга Петрова"]
        store.update(replace(person, full_name="Ольга Смагулова"))
        added = make.person("Ольга Ким")
        for read in (store, reader):
            assert _names(read.persons_matching("ольга")) == ["Ольга Ким", "Ольга Смагулова"]
            assert read.persons_matching("петрова") == []
        store.delete(added.id)
        assert _names(reader.persons_matching("ольга")) == ["Ольга Смагулова"]
