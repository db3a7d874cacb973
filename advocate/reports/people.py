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
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date

from advocate.labels import relation_label
from advocate.model.casefile import CaseFile
from advocate.model.enums import OFFENDER_ROLES, Gender, RoleKind
from advocate.model.records import Consent, Person, Role
from advocate.reports.names import NameIndex, normalise
from advocate.reports.request import Profile
from advocate.reports.texts import ReportTexts

_EXEMPT_ROLES = frozenset({RoleKind.OFFICIAL, RoleKind.LAWYER})
_STREET = re.compile(r"(?<!\w)(?:ул|улица|көш|көшесі|пр|просп|проспект|пер|переулок|мкр|"
                     r"микрорайон|шағын\s+аудан|даңғылы|бульвар|д|дом|үй|кв|пәтер)(?!\w)")
_MIN_TOKEN = 3  # shorter name parts ("Ли", initials) would scrub ordinary words


class PersonNamer:
    """Decides how every person of a case appears in one report."""

    def __init__(self, case_file: CaseFile, *, profile: Profile, redact: bool,
                 texts: ReportTexts, day: date, addressee_texts: Iterable[str] = (),
                 parties: Iterable[str] = (), required: Iterable[str] = ()) -> None:
        self.case_file = case_file
        self.profile = profile
        self.redact = redact
        self.texts = texts
        self.day = day
        self._addressee = [normalise(t)[0] for t in addressee_texts if t.strip()]
        self._parties = {p for p in parties if p}
        # The Ombudsman's applicant: the addressee cannot answer without the name, the IIN
        # and the postal address (APPK Art. 63), so these stay whatever the redaction.
        self._required = {p for p in required if p}
        # Each answer is asked for once per mention (a thousand threats name their targets), so
        # they are worked out once per person.
        self._event_days = [self.day] + [i.date.earliest() for i in case_file.incidents if i.date]
        self._consent = {pid: self._consent_ok(pid) for pid in case_file.persons}
        self._role_labels = self._number_role_labels()
        self._names = {pid: self._name(pid) for pid in case_file.persons}
        self._index = NameIndex((pid, p.full_name) for pid, p in case_file.persons.items())
        self._contacts = self._build_contacts()

    # --- who may be named --------------------------------------------------------------------

    def consent_ok(self, person_id: str) -> bool:
        """Whether the person may be named to this addressee."""
        known = self._consent.get(person_id)
        return self._consent_ok(person_id) if known is None else known

    def _consent_ok(self, person_id: str) -> bool:
        purpose = self.profile.consent_purpose
        if purpose is None or self._exempt(person_id):
            return True
        return self._consented(person_id)

    def _consented(self, person_id: str) -> bool:
        """Whether the person gave a consent of this profile's purpose covering the report."""
        purpose = self.profile.consent_purpose
        return purpose is None or any(c.purpose is purpose and self._covers(c)
                                      for c in self.case_file.consents_of(person_id))

    def _exempt(self, person_id: str) -> bool:
        """Whether the person is named without needing consent (see the module docstring)."""
        roles = {r.role for r in self.case_file.roles_of(person_id)}
        if roles and roles <= _EXEMPT_ROLES:
            return True
        if self.profile is Profile.PRESS:
            return False
        return person_id in self._parties or bool(roles & OFFENDER_ROLES)

    def _covers(self, consent: Consent) -> bool:
        if not consent.is_valid_on(self.day):
            return False
        # A consent for a named body covers a report whose addressee (or, for a register, the
        # recipient the lawyer names) is that body; a register for no named recipient is
        # covered only by consents to any body of the purpose.
        wanted = normalise(consent.recipient.strip())[0]
        return not wanted or any(wanted in a for a in self._addressee)

    def is_minor(self, person_id: str) -> bool:
        """Whether the person is (or was, at the first incident) under 18."""
        person = self.case_file.persons.get(person_id)
        if person is None:
            return False
        return any(person.was_minor_on(d) is True for d in self._event_days)

    def is_victim(self, person_id: str) -> bool:
        """Whether the person is a victim in this case."""
        return any(r.role is RoleKind.VICTIM for r in self.case_file.roles_of(person_id))

    def is_minor_offender(self, person_id: str) -> bool:
        """Whether a minor is (or was) suspected, accused, convicted, or not prosecuted for
        being under age: never named in full in a document that leaves the office."""
        roles = {r.role for r in self.case_file.roles_of(person_id)}
        return bool(roles & OFFENDER_ROLES) and self.is_minor(person_id)

    def named_in_full(self, person_id: str) -> bool:
        """Whether the report prints the person's full name."""
        if person_id in self._required:
            return True
        return self.consent_ok(person_id) and not self._anonymised(person_id)

    def _anonymised(self, person_id: str) -> bool:
        """Whether a person who may be mentioned appears by pseudonym or initials: victims and
        minors when redacting, and for the press everyone whose consent was to publication
        without names."""
        if self.redact and (self.is_victim(person_id) or self.is_minor(person_id)):
            return True
        if self.profile is not Profile.INTERNAL and self.is_minor_offender(person_id):
            return True
        return self.profile is Profile.PRESS and not self._exempt(person_id)

    def shows_contacts(self, person_id: str) -> bool:
        """Whether the person's address, phones and identification number may be printed."""
        if person_id in self._required:
            return True
        if self.redact or not self.consent_ok(person_id):
            return False
        if self.profile is Profile.INTERNAL:
            return True
        if self.profile is Profile.INTERNATIONAL and not self._consented(person_id):
            return False  # an author is named, but an IIN leaves the country only by consent
        return not self.is_minor_offender(person_id)

    # --- what is printed ---------------------------------------------------------------------

    def name(self, person_id: str) -> str:
        """The person as this report names them (plain text, not markup)."""
        known = self._names.get(person_id)
        return self._name(person_id) if known is None else known

    def _name(self, person_id: str) -> str:
        person = self.case_file.persons.get(person_id)
        if person is None:
            return self.texts.enum(RoleKind.OTHER)
        if person_id in self._required:
            return person.full_name or person.pseudonym or self.role_label(person_id)
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
        return self._role_labels.get(person_id, self.texts.enum(RoleKind.OTHER))

    def _base_role_label(self, person: Person, roles: list[Role]) -> str:
        if not roles:
            return self.texts.enum(RoleKind.OTHER)
        role = roles[0]
        if role.role is RoleKind.FAMILY and role.relation_to_victim.strip():
            # A common relation prints in the report's language; anything else as typed.
            return relation_label(role.relation_to_victim, self.texts.lang)
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
        """Narrative text (descriptions, titles) with what this report withholds replaced: a
        name that fits one withheld person becomes how the report names them ("мать"), one
        that could be several people's becomes the neutral mark; contacts become "[…]"."""
        return self._scrub(text, quoted=False)

    def scrub_quoted(self, text: str) -> str:
        """Quoted words (a threat's words, a quoted answer) with what this report withholds
        cut out visibly: a withheld name becomes the neutral mark, never another word."""
        return self._scrub(text, quoted=True)

    def _scrub(self, text: str, quoted: bool) -> str:
        if not text or (not self._index and self._contacts is None):
            return text
        norm, origin = normalise(text)
        spans: list[tuple[int, int, str]] = []
        if self._contacts is not None:
            spans += [(m.start(), m.end(), "[…]") for m in self._contacts.finditer(norm)]
        for start, end, people in self._index.mentions(norm):
            shown = self._mention_text(people, quoted)
            if shown is not None:
                spans.append((start, end, shown))
        if not spans:
            return text
        # Longest first at one place, and a span inside one already replaced is skipped (an
        # address wins over the street name in it).
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        out: list[str] = []
        done = 0  # normalised position up to which the text is handled
        typed = 0  # the same point in the typed text
        for start, end, shown in spans:
            if start < done:
                continue
            begin = origin[start]
            while begin > typed and unicodedata.category(text[begin - 1]) == "Cf":
                begin -= 1  # an invisible mark in front of a name goes with it
            out += [text[typed:begin], shown]
            done, typed = end, origin[end]
        out.append(text[typed:])
        return "".join(out)

    def _mention_text(self, people: frozenset[str], quoted: bool) -> str | None:
        """What replaces a mention that fits ``people`` (None: it stays as typed)."""
        if all(self.named_in_full(p) for p in people):
            return None
        if quoted or len(people) != 1:
            return self.texts("mark.name_withheld")
        return self.name(next(iter(people)))

    def _build_contacts(self) -> re.Pattern[str] | None:
        """One pattern for every address, identification number, other contact and phone the
        report leaves out, matched in normalised text."""
        sources: set[str] = set()
        for pid, person in self.case_file.persons.items():
            if self.shows_contacts(pid):
                continue
            address = normalise(person.address.strip())[0]
            # The street of a home goes too when it is written within other text ("г. Ақтерек,
            # ул. Жамбыл, дом бабушки" for "г. Ақтерек, ул. Жамбыл (частный дом)").
            streets = [part for part in re.split(r"[,;()]", address) if _STREET.search(part)]
            for value in (address, normalise(person.contacts.strip())[0], *streets):
                words = value.split()
                if len("".join(words)) >= _MIN_TOKEN:
                    sources.add(r"\s*".join(re.escape(w) for w in words))
            for number in (person.id_number, *person.phones):
                source = _phone_pattern(number)
                if source:
                    sources.add(source)
        if not sources:
            return None
        ordered = sorted(sources, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)")


def initials(full_name: str) -> str:
    """'Иванова Айгуль Сериковна' → 'И. А. С.'."""
    return " ".join(f"{word[0]}." for word in full_name.split() if word[0].isalpha())


def _phone_pattern(phone: str) -> str:
    """A phone number however it is written: the last ten digits with any separators, and an
    optional +7 or 8 in front."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 5:
        return ""
    core = digits[-10:] if len(digits) != 12 else digits  # an IIN has 12 digits, all kept
    sep = r"[\s\-().]*"
    return r"(?:\+?7|8)?" + sep + sep.join(re.escape(d) for d in core)
