"""How each person is named in a report: consent, redaction and role-only mentions.

The rules (docs/reports.md repeats them for users):

- A person needs a valid consent for the profile's purpose (ombudsman → SHARE_OMBUDSMAN, court
  or prosecutor → SHARE_COURT_PROSECUTOR, press → PUBLISH_ANONYMISED) on the day the report is
  made, covering its addressee, to be named. Without it they appear by role only ("мать",
  "свидетель 2"). The internal profile needs no consent. Exempt: lawyers and officials acting in
  their office; and, except for the press, the applicant, representative and signatory of a
  complaint (they put their names to it) and suspects, whose consent a complaint about them
  cannot depend on.
- With redaction on, victims and minors appear by pseudonym (or initials), and nobody's address,
  phone numbers, other contacts or identification number is printed.
- For the press, whoever is not exempt appears at most by pseudonym or initials: the consent
  they gave is to publication without names.
- Free text (descriptions, the words of a threat, file names) is scrubbed of what the report
  withholds: the names (and inflected forms starting with the same stem) of anyone not named in
  full, and — with redaction — every address, phone number and identification number in the case.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date

from advocate.model.casefile import CaseFile
from advocate.model.enums import Gender, RoleKind
from advocate.model.records import Consent, Person, Role
from advocate.reports.request import Profile
from advocate.reports.texts import ReportTexts

_EXEMPT_ROLES = frozenset({RoleKind.OFFICIAL, RoleKind.LAWYER})
_MIN_TOKEN = 3  # shorter name parts ("Ли", initials) would scrub ordinary words


class PersonNamer:
    """Decides how every person of a case appears in one report."""

    def __init__(self, case_file: CaseFile, *, profile: Profile, redact: bool,
                 texts: ReportTexts, day: date, addressee_texts: Iterable[str] = (),
                 parties: Iterable[str] = ()) -> None:
        self.case_file = case_file
        self.profile = profile
        self.redact = redact
        self.texts = texts
        self.day = day
        self._addressee = [t.casefold() for t in addressee_texts if t.strip()]
        self._parties = {p for p in parties if p}
        # Each answer is asked for once per mention (a thousand threats name their targets), so
        # they are worked out once per person.
        self._event_days = [self.day] + [i.date.earliest() for i in case_file.incidents if i.date]
        self._consent = {pid: self._consent_ok(pid) for pid in case_file.persons}
        self._role_labels = self._number_role_labels()
        self._names = {pid: self._name(pid) for pid in case_file.persons}
        self._scrubber = self._build_scrubber()

    # --- who may be named --------------------------------------------------------------------

    def consent_ok(self, person_id: str) -> bool:
        """Whether the person may be named to this addressee."""
        known = self._consent.get(person_id)
        return self._consent_ok(person_id) if known is None else known

    def _consent_ok(self, person_id: str) -> bool:
        purpose = self.profile.consent_purpose
        if purpose is None or self._exempt(person_id):
            return True
        return any(c.purpose is purpose and self._covers(c)
                   for c in self.case_file.consents_of(person_id))

    def _exempt(self, person_id: str) -> bool:
        """Whether the person is named without needing consent (see the module docstring)."""
        roles = {r.role for r in self.case_file.roles_of(person_id)}
        if roles and roles <= _EXEMPT_ROLES:
            return True
        if self.profile is Profile.PRESS:
            return False
        return person_id in self._parties or RoleKind.PERPETRATOR in roles

    def _covers(self, consent: Consent) -> bool:
        if not consent.is_valid_on(self.day):
            return False
        # A consent for a named body covers a report whose addressee block names that body;
        # reports without an addressee (the registers) accept any body of the right purpose.
        wanted = consent.recipient.strip().casefold()
        return not wanted or not self._addressee or any(wanted in a for a in self._addressee)

    def is_minor(self, person_id: str) -> bool:
        """Whether the person is (or was, at the first incident) under 18."""
        person = self.case_file.persons.get(person_id)
        if person is None:
            return False
        return any(person.was_minor_on(d) is True for d in self._event_days)

    def is_victim(self, person_id: str) -> bool:
        """Whether the person is a victim in this case."""
        return any(r.role is RoleKind.VICTIM for r in self.case_file.roles_of(person_id))

    def named_in_full(self, person_id: str) -> bool:
        """Whether the report prints the person's full name."""
        return self.consent_ok(person_id) and not self._anonymised(person_id)

    def _anonymised(self, person_id: str) -> bool:
        """Whether a person who may be mentioned appears by pseudonym or initials: victims and
        minors when redacting, and for the press everyone whose consent was to publication
        without names."""
        if self.redact and (self.is_victim(person_id) or self.is_minor(person_id)):
            return True
        return self.profile is Profile.PRESS and not self._exempt(person_id)

    def shows_contacts(self, person_id: str) -> bool:
        """Whether the person's address, phones and identification number may be printed."""
        return not self.redact and self.consent_ok(person_id)

    # --- what is printed ---------------------------------------------------------------------

    def name(self, person_id: str) -> str:
        """The person as this report names them (plain text, not markup)."""
        known = self._names.get(person_id)
        return self._name(person_id) if known is None else known

    def _name(self, person_id: str) -> str:
        person = self.case_file.persons.get(person_id)
        if person is None:
            return self.texts("role.other")
        if not self.consent_ok(person_id):
            return self.role_label(person_id)
        if self._anonymised(person_id):
            return person.pseudonym or initials(person.full_name) or self.role_label(person_id)
        return person.full_name or person.pseudonym or self.role_label(person_id)

    def names(self, person_ids: Iterable[str]) -> str:
        """Several persons, comma-separated."""
        return ", ".join(self.name(p) for p in person_ids) or "—"

    def role_label(self, person_id: str) -> str:
        """The person's role in the case ("мать", "свидетель 2"), numbered when shared."""
        return self._role_labels.get(person_id, self.texts("role.other"))

    def _base_role_label(self, person: Person, roles: list[Role]) -> str:
        if not roles:
            return self.texts("role.other")
        role = roles[0]
        if role.role is RoleKind.FAMILY and role.relation_to_victim.strip():
            return role.relation_to_victim.strip()
        female = person.gender is Gender.FEMALE
        return self.texts.enum(role.role, female=female)

    def _number_role_labels(self) -> dict[str, str]:
        base = {pid: self._base_role_label(p, self.case_file.roles_of(pid))
                for pid, p in self.case_file.persons.items()}
        totals = Counter(base.values())
        seen: Counter[str] = Counter()
        labelled: dict[str, str] = {}
        for pid in sorted(base, key=lambda p: self._first_role_index(p)):
            label = base[pid]
            if totals[label] > 1:
                seen[label] += 1
                label = f"{label} {seen[label]}"
            labelled[pid] = label
        return labelled

    def _first_role_index(self, person_id: str) -> tuple[int, str]:
        for index, role in enumerate(self.case_file.roles):
            if role.person_id == person_id:
                return (index, person_id)
        return (len(self.case_file.roles), person_id)

    # --- free text -----------------------------------------------------------------------------

    def place(self, text: str) -> str:
        """Where something happened to a victim: only the settlement when the report redacts.

        note: an incident's place is often a home ("г. Ақтерек, ул. Жамбыл, дом бабушки"); a
        redacted report keeps what comes before the first comma, the town, which the case's
        own particulars show anyway.
        """
        text = self.scrub(text)
        if not self.redact:
            return text
        return text.split(",", 1)[0].strip()

    def scrub(self, text: str) -> str:
        """Free text with the values this report withholds replaced."""
        if self._scrubber is None or not text:
            return text
        pattern, replace = self._scrubber
        return pattern.sub(replace, text)

    def _build_scrubber(self) -> tuple[re.Pattern[str], _Replacer] | None:
        replacements: dict[str, str] = {}  # regex source → replacement
        for pid, person in self.case_file.persons.items():
            if not self.named_in_full(pid):
                shown = self.name(pid)
                for token in _name_tokens(person):
                    replacements.setdefault(_name_pattern(token), shown)
            # Contact details are scrubbed for everyone whose contacts the report leaves out.
            if not self.shows_contacts(pid):
                for value in (person.address, person.id_number, person.contacts):
                    if len(value.strip()) >= _MIN_TOKEN:
                        replacements.setdefault(re.escape(value.strip()), "[…]")
                for phone in person.phones:
                    source = _phone_pattern(phone)
                    if source:
                        replacements.setdefault(source, "[…]")
        if not replacements:
            return None
        # Longest first, so a full address wins over a name inside it.
        sources = sorted(replacements, key=len, reverse=True)
        groups = [f"(?P<g{i}>{src})" for i, src in enumerate(sources)]
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?!\w)", re.IGNORECASE)
        values = [replacements[s] for s in sources]
        return pattern, _Replacer(values)


class _Replacer:
    """Maps a match of the combined pattern to the replacement of the group that matched."""

    def __init__(self, values: list[str]) -> None:
        self.values = values

    def __call__(self, match: re.Match[str]) -> str:
        name = match.lastgroup or ""
        return self.values[int(name[1:])] if name.startswith("g") else match.group(0)


def initials(full_name: str) -> str:
    """'Иванова Айгуль Сериковна' → 'И. А. С.'."""
    return " ".join(f"{word[0]}." for word in full_name.split() if word[0].isalpha())


def _name_tokens(person: Person) -> list[str]:
    tokens = [person.full_name.strip()] if person.full_name.strip() else []
    tokens += [w for w in re.split(r"[\s\-]+", person.full_name) if len(w) >= _MIN_TOKEN]
    return tokens


def _name_pattern(token: str) -> str:
    """A name and its inflected forms: Russian and Kazakh add endings to a stem
    ("Айгуль" → "Айгулю", "Айгүлдің"), so a word starting with the stem is matched."""
    if " " in token or len(token) <= 4:
        return re.escape(token) + r"\w{0,6}"
    return re.escape(token[:-2]) + r"\w{0,8}"


def _phone_pattern(phone: str) -> str:
    """A phone number however it is written: the last ten digits with any separators, and an
    optional +7 or 8 in front."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 5:
        return ""
    core = digits[-10:]
    sep = r"[\s\-().]*"
    return r"(?:\+?7|8)?" + sep + sep.join(re.escape(d) for d in core)
