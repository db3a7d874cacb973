"""A realistic, invented case history, to try Advocate and to show it without real data.

:func:`build_demo` fills an empty vault with four cases: the main one (a seven-year-old boy abused
by teenagers in a provincial town, threats against his mother and grandmother, libel suits against
the lawyer and a local journalist, complaints to the Ombudsman, the Commissioner for Children's
Rights and the prosecutors), a domestic-violence case kept in Kazakh, a harassed journalist's case
with English notes for international bodies, and a labour migrant's case in Russian.

The records are described in ``advocate/demo_data/*.json`` in the interchange form of the records
(see ``advocate.model.codec``) with three additions the builder resolves:

- ``"key"`` names a record so that others can point to it; fields ending in ``_id`` or ``_ids``
  hold ``"@key"`` instead of ids;
- ``"rnd:…"`` strings are filled from the seed: ``rnd:phone``, ``rnd:iin`` (an individual
  identification number that matches the person's birth date and gender) or a pattern whose ``#``
  become digits (``rnd:КУИ № 4###``);
- ``"threat_series"`` describes repeated threats (night calls, SMS waves, comments) whose days,
  words, channels and severities are drawn from the seed within a window.

The same seed gives the same texts, numbers and files; only ids and timestamps differ.
"""

from __future__ import annotations

import io
import json
import random
from collections import Counter
from datetime import date, timedelta
from importlib import resources
from typing import Any

from advocate.demo_data.files import evidence_bytes
from advocate.errors import ValidationError
from advocate.i18n import N_
from advocate.model.codec import from_dict
from advocate.model.records import Case, Person, Record, new_id
from advocate.store.store import Store

#: The cases of the demo, each described by one or more JSON files read in order.
CASE_FILES: tuple[tuple[str, ...], ...] = (
    ("main_people.json", "main_threats.json", "main_actions.json"),
    ("domestic.json",),
    ("journalist.json",),
    ("migrant.json",),
)

# (section of the JSON, record kind), in the order the records can be added: what a record
# points to is always added before it. Evidence is taken in between the two groups.
_BEFORE_EVIDENCE = (("persons", "person"), ("case", "case"), ("roles", "role"),
                    ("relations", "relation"))
_AFTER_EVIDENCE = (("incidents", "incident"), ("threats", "threat"),
                   ("proceedings", "proceeding"), ("hearings", "hearing"),
                   ("actions", "action"), ("consents", "consent"), ("notes", "note"),
                   ("complaints", "complaint"))
_NOT_IN_A_CASE = frozenset({"person", "case", "relation"})

#: The keys of the counts build_demo returns, in a stable order.
COUNT_NAMES: dict[str, str] = {
    "case": "cases", "person": "persons", "role": "roles", "relation": "relations",
    "incident": "incidents", "threat": "threats", "action": "actions",
    "proceeding": "proceedings", "hearing": "hearings", "consent": "consents",
    "note": "notes", "evidence": "evidence", "complaint": "complaint drafts",
}

_MOBILE_PREFIXES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776",
                    "777", "778")


def build_demo(store: Store, *, seed: int = 7) -> dict[str, int]:
    """Fill an empty vault with the demo case history; returns how many records of each kind.

    Raises :class:`~advocate.errors.ValidationError` when the vault already holds cases or
    persons, so the demo never mixes with real files.
    """
    if store.count(Case) or store.count(Person):
        raise ValidationError(
            "demo.vault_not_empty",
            N_("The demo case history goes into a new, empty vault, and this one already holds "
               "records. Create a new vault for the demo."))
    builder = _DemoBuilder(store, seed)
    with store.batch():  # all of the demo or none of it
        for names in CASE_FILES:
            builder.build_case(load_case_data(names))
    return builder.counts()


def load_case_data(names: tuple[str, ...]) -> dict[str, Any]:
    """One case's description: the JSON files merged, their sections' lists joined in order."""
    merged: dict[str, Any] = {}
    folder = resources.files("advocate.demo_data")
    for name in names:
        data = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        merged.setdefault("case_key", data["case_key"])
        if data["case_key"] != merged["case_key"]:
            raise ValueError(f"{name} belongs to case {data['case_key']!r}, not "
                             f"{merged['case_key']!r}")
        for section, value in data.items():
            if section in ("about", "case_key"):
                continue
            items = value if isinstance(value, list) else [value]
            merged.setdefault(section, []).extend(items)
    return merged


class _DemoBuilder:
    """Turns the demo's case descriptions into records in a store, drawing numbers from a seed."""

    def __init__(self, store: Store, seed: int) -> None:
        self.store = store
        # note: demo numbers only, never secrets — a seeded, reproducible generator is the point.
        self.rng = random.Random(seed)  # noqa: S311
        self.ids: dict[str, str] = {}
        self.added: Counter[str] = Counter()

    def counts(self) -> dict[str, int]:
        """How many records of each kind were added, by plural name."""
        return {plural: self.added[kind] for kind, plural in COUNT_NAMES.items()}

    def build_case(self, data: dict[str, Any]) -> None:
        """Add one case: its people and roles, its evidence, then everything else."""
        case_key = str(data["case_key"])
        first = [self._record(kind, spec, case_key)
                 for section, kind in _BEFORE_EVIDENCE for spec in data.get(section, [])]
        self.store.add_many(first)
        for spec in data.get("evidence", []):
            self._evidence(spec, case_key)
        data = dict(data)
        data["threats"] = [*data.get("threats", []),
                           *self._threat_series(data.get("threat_series", []))]
        rest = [self._record(kind, spec, case_key)
                for section, kind in _AFTER_EVIDENCE for spec in data.get(section, [])]
        self.store.add_many(rest)

    def _record(self, kind: str, spec: dict[str, Any], case_key: str) -> Record:
        """A validated record from its description; its key now names its (new) id."""
        values: dict[str, Any] = {"type": kind, "id": new_id()}
        for name, value in spec.items():
            if name != "key":
                values[name] = self._resolve(name, value, spec)
        if kind not in _NOT_IN_A_CASE:
            values["case_id"] = self.ids[case_key]
        key = spec.get("key")
        if key:
            self.ids[str(key)] = values["id"]
        record = from_dict(values, f"demo {kind} {key or values.get('title', '')}")
        self.added[kind] += 1
        return record

    def _resolve(self, name: str, value: Any, spec: dict[str, Any]) -> Any:
        """A field's value with its @keys turned into ids and its rnd: patterns filled."""
        if name.endswith("_ids"):
            return [self._id_of(v) for v in value]
        if name.endswith("_id"):
            return self._id_of(value)
        if isinstance(value, list):
            return [self._resolve("", v, spec) for v in value]
        if isinstance(value, str) and value.startswith("rnd:"):
            return self._random_text(value.removeprefix("rnd:"), spec)
        return value

    def _id_of(self, reference: Any) -> str:
        if not isinstance(reference, str) or not reference.startswith("@"):
            raise ValueError(f"demo data: {reference!r} should be an @key")
        return self.ids[reference[1:]]

    def _random_text(self, pattern: str, spec: dict[str, Any]) -> str:
        """A phone number, an IIN for the person described, or a pattern with # as digits."""
        if pattern == "phone":
            pattern = f"+7 {self.rng.choice(_MOBILE_PREFIXES)} ### ## ##"
        elif pattern == "iin":
            return self._iin(date.fromisoformat(spec["birth_date"]), spec.get("gender", ""))
        return "".join(str(self.rng.randrange(10)) if ch == "#" else ch for ch in pattern)

    def _iin(self, born: date, gender: str) -> str:
        """An individual identification number (ИИН/ЖСН) with a valid check digit."""
        century = 5 if born.year >= 2000 else 3
        first7 = f"{born.year % 100:02d}{born.month:02d}{born.day:02d}"
        first7 += str(century + (1 if gender == "female" else 0))
        while True:
            digits = [int(c) for c in first7 + f"{self.rng.randrange(10000):04d}"]
            check = _iin_check_digit(digits)
            if check is not None:
                return "".join(map(str, digits)) + str(check)

    def _evidence(self, spec: dict[str, Any], case_key: str) -> None:
        """Take one generated evidence file in through the store."""
        provided_by = spec.get("provided_by_id", "")
        evidence = self.store.add_evidence(
            self.ids[case_key], io.BytesIO(evidence_bytes(spec["file"])),
            original_name=spec["original_name"], provenance=spec.get("provenance", ""),
            provided_by_id=self._id_of(provided_by) if provided_by else "",
            description=spec.get("description", ""))
        self.ids[str(spec["key"])] = evidence.id
        self.added["evidence"] += 1

    def _threat_series(self, series: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Threat descriptions drawn from each series: distinct days in a window, words once."""
        threats: list[dict[str, Any]] = []
        for s in series:
            start, end = date.fromisoformat(s["from"]), date.fromisoformat(s["to"])
            count = int(s["count"])
            offsets = sorted(self.rng.sample(range((end - start).days + 1), count))
            words = self.rng.sample(list(s["words"]), count)
            for offset, said in zip(offsets, words, strict=True):
                day = start + timedelta(days=offset)
                month_only = self.rng.random() < float(s.get("month_share", 0))
                threats.append({
                    "received": day.strftime("%Y-%m") if month_only else day.isoformat(),
                    "target_ids": self.rng.choice(s["targets"]),
                    "source": s["source"], "source_description": s.get("source_description", ""),
                    "channel": self.rng.choice(s["channels"]),
                    "severity": self.rng.choice(s["severities"]), "words": said,
                })
        return threats


def _iin_check_digit(digits: list[int]) -> int | None:
    """The 12th digit of an IIN from the first 11, or None when the serial must be redrawn."""
    check = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    if check == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    return None if check == 10 else check
