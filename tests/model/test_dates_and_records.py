"""Partial dates, record validation and the codec, without a vault."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate.errors import ValidationError
from advocate.model import (
    Action,
    ActionStatus,
    Consent,
    Hearing,
    PartialDate,
    Person,
    Precision,
    Role,
    RoleKind,
)
from advocate.model.codec import from_dict, to_dict


@pytest.mark.parametrize("text", ["2024-03-05", "2024-03", "2024", "2024-03~", "2019~",
                                  "2024-03/2024-05", "2023-12-30/2024-01-02"])
def test_partial_date_text_round_trips(text: str) -> None:
    assert PartialDate.parse(text).to_text() == text


@pytest.mark.parametrize("text", ["", "2024-13", "2023-02-29", "24-03-05", "2024/2023",
                                  "2024-03-05T10:00", "1850", "abc", "2024--03", "~2024"])
def test_bad_partial_dates_are_refused_clearly(text: str) -> None:
    with pytest.raises(ValidationError, match=r"date|year|month|day|range"):
        PartialDate.parse(text)


def test_partial_date_bounds_and_precision() -> None:
    d = PartialDate.parse("2024-02")
    assert d.precision is Precision.MONTH
    assert (d.earliest(), d.latest()) == (date(2024, 2, 1), date(2024, 2, 29))
    assert d.exact() is None and PartialDate.parse("2024-02-03").exact() == date(2024, 2, 3)
    assert PartialDate.parse("2024-02-03~").exact() is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_sort_key_orders_like_dates(day: date) -> None:
    assert PartialDate.of(day).sort_key() == day.isoformat()


def test_minor_at_the_time_is_derived_from_a_partial_birth_date() -> None:
    boy = Person(full_name="А.", birth_date=PartialDate.parse("2016-05"))
    assert boy.was_minor_on(date(2023, 9, 1)) is True
    assert boy.age_on(date(2023, 9, 1)) == 7
    assert boy.age_on(date(2023, 5, 15)) is None  # his birthday in May may not have passed
    assert boy.was_minor_on(date(2040, 1, 1)) is False
    assert Person(full_name="x").was_minor_on(date(2023, 1, 1)) is None


def test_family_role_needs_its_relation_and_official_its_institution() -> None:
    ids = {"case_id": "c", "person_id": "p"}
    with pytest.raises(ValidationError) as family:
        Role(role=RoleKind.FAMILY, **ids).validate()
    assert (family.value.code, family.value.field) == ("party.relation_missing",
                                                       "relation_to_victim")
    with pytest.raises(ValidationError) as official:
        Role(role=RoleKind.OFFICIAL, **ids).validate()
    assert (official.value.code, official.value.field) == ("party.institution_missing",
                                                           "institution")


def test_filed_action_needs_a_filing_date() -> None:
    with pytest.raises(ValidationError, match="filing date"):
        Action(case_id="c", title="t", status=ActionStatus.FILED).validate()


def test_hearing_time_is_checked() -> None:
    with pytest.raises(ValidationError, match="not a time"):
        Hearing(case_id="c", proceeding_id="p", date=PartialDate(2025), time="25:00").validate()


def test_consent_validity_on_a_day() -> None:
    consent = Consent(case_id="c", person_id="p", given_by_id="g",
                      given_on=PartialDate(2024, 1, 10), valid_until=date(2024, 12, 31),
                      recipient="Омбудсмен")
    assert consent.is_valid_on(date(2024, 6, 1), "омбудсмен")
    assert not consent.is_valid_on(date(2024, 6, 1), "Прокурор")
    assert not consent.is_valid_on(date(2025, 1, 1))
    assert not consent.is_valid_on(date(2024, 1, 9))
    withdrawn = Consent(case_id="c", person_id="p", given_by_id="g",
                        given_on=PartialDate(2024, 1, 10), withdrawn_on=date(2024, 3, 1))
    assert not withdrawn.is_valid_on(date(2024, 3, 1))


def test_codec_round_trips_every_field_type() -> None:
    action = Action(case_id="11111111-1111-4111-8111-111111111111", title="Жалоба",
                    filed=PartialDate.parse("2025-03-14"), response_days=15,
                    due=date(2025, 4, 7), status=ActionStatus.AWAITING,
                    evidence_ids=["e1"])
    data = to_dict(action)
    assert data["type"] == "action" and data["filed"] == "2025-03-14"
    assert data["due"] == "2025-04-07"
    assert from_dict(data) == action


def test_codec_refuses_bool_for_int_and_int_for_bool() -> None:
    base = to_dict(Action(case_id="c", title="t"))
    with pytest.raises(ValidationError, match="whole number"):
        from_dict({**base, "response_days": True})
    from advocate.model import Threat

    threat = to_dict(Threat(case_id="c", received=PartialDate(2024), target_ids=["p"]))
    with pytest.raises(ValidationError, match="true or false"):
        from_dict({**threat, "reported": 1})


@pytest.mark.parametrize("time", ["24:00", "١٢:30", "10:3", "10-30", "ab:cd"])
def test_hearing_time_must_be_ascii_hh_mm(time: str) -> None:
    with pytest.raises(ValidationError, match="not a time"):
        Hearing(case_id="c", proceeding_id="p", date=PartialDate(2025), time=time).validate()


def test_stale_header_temp_files_are_removed_on_open(tmp_path: object) -> None:
    from pathlib import Path

    from advocate.vault import KdfParams, Vault

    folder = Path(str(tmp_path)) / "v.advocate"
    vault, _ = Vault.create(folder, "pw", kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
    vault.close()
    stale = folder / ".vault.json.0123456789ab.tmp"
    stale.write_text("{}")
    Vault.open(folder, "pw").close()
    assert not stale.exists()
