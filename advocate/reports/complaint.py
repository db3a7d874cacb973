"""The complaint: the document Advocate's users exist to file.

Laid out as a complaint in Kazakhstan is: the addressee, the applicant and the representative
with their authority top right; the title; then numbered sections — what is complained of and
whose, the facts in date order, the threats, the legal grounds, the remedies already used and
the answers, what is requested, confidentiality, the attachments; place, date and signature; the
verification block with its QR code.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from advocate.labels import label
from advocate.model.enums import AuthorityKind, Gender
from advocate.model.records import Person
from advocate.reports.blocks import (
    Markup,
    Para,
    esc,
    heading,
    labelled,
    text_block,
    verification_block,
)
from advocate.reports.context import ComplaintParties, ReportContext
from advocate.reports.datetext import format_day
from advocate.reports.events import case_events
from advocate.reports.request import Profile, ReportKind
from advocate.reports.safetext import text_lines, to_markup
from advocate.reports.selection import fact_record_ids, officials_complained_of
from advocate.reports.styles import FRAME_WIDTH, Styles
from advocate.reports.tables import (
    attachment_list,
    remedies_table,
    threat_table,
    threats_overview,
)

_BLOCK_INDENT = 75 * mm  # the addressee and applicant blocks sit in the right half


class ComplaintBuilder:
    """Builds the complaint's story from a prepared report context."""

    def __init__(self, ctx: ReportContext, styles: Styles) -> None:
        if ctx.parties is None:
            raise ValueError("a complaint needs its parties resolved")
        self.ctx = ctx
        self.parties: ComplaintParties = ctx.parties
        self.styles = styles
        self.t = ctx.texts
        self.block_style = ParagraphStyle("block_right", parent=styles.block,
                                          leftIndent=_BLOCK_INDENT)
        self.sign_style = ParagraphStyle("sign", parent=styles.body_plain,
                                         leftIndent=FRAME_WIDTH * 0.4)
        self._section = 0

    def story(self) -> list[Flowable]:
        """Every flowable of the complaint, in order."""
        t, s = self.t, self.styles
        story: list[Flowable] = []
        un = self.parties.preset.form == "un_communication"
        story += self._addressee_block()
        story += self._applicant_block()
        story += self._title()
        if un:
            story += self._numbered(t("section.un.state_party"))
            story.append(Para(esc(t("text.un.state_party")), s.body))
        story += self._complained_of()
        story += self._facts()
        if self.ctx.case_file.threats:
            story += self._numbered(t("section.threats"))
            story += threats_overview(self.ctx, s)
            story += [Spacer(1, 3 * mm), threat_table(self.ctx, s)]
        story += self._numbered(t("section.un.covenant" if un else "section.grounds"))
        story += text_block(self.parties.options.legal_grounds, s.body, t("label.not_stated"))
        story += self._numbered(t("section.un.exhaustion" if un else "section.remedies"))
        story.append(remedies_table(self.ctx, s))
        if un:
            story += self._numbered(t("section.un.other_procedure"))
            story.append(Para(esc(t("text.un.other_procedure")), s.body))
        story += self._numbered(t("section.request"))
        story += text_block(self.parties.options.request, s.body, t("label.not_stated"))
        if self.parties.options.confidential:
            story += self._numbered(t("section.confidential"))
            key = ("text.confidential.ombudsman" if self.parties.preset.profile is
                   Profile.OMBUDSMAN else "text.confidential")
            story.append(Para(esc(t(key)), s.body))
        story += self._numbered(t("section.attachments"))
        story += attachment_list(self.ctx, s)
        story.append(self._signature())
        story.append(verification_block(self.ctx, s))
        return story

    def _title(self) -> list[Flowable]:
        t, s = self.t, self.styles
        form = self.parties.preset.form
        if form == "un_communication":
            return [Para(esc(t("title.un_communication").upper()), s.title),
                    Para(esc(t("subtitle.un_communication")), s.subtitle)]
        subtitle = ("subtitle.investigating_judge" if form == "investigating_judge"
                    else "subtitle.complaint")
        return [Para(esc(t.enum(ReportKind.COMPLAINT).upper()), s.title),
                Para(esc(t(subtitle)), s.subtitle)]

    def _numbered(self, title: str) -> list[Flowable]:
        self._section += 1
        return heading(title, self.styles, self._section)

    # --- the blocks top right --------------------------------------------------------------

    def _addressee_block(self) -> list[Flowable]:
        lines = text_lines(self.parties.addressee_block.strip("\n"))
        return [Para(to_markup(line) or "&nbsp;", self.block_style) for line in lines] + [
            Spacer(1, 4 * mm)]

    def _applicant_block(self) -> list[Flowable]:
        t, namer = self.t, self.ctx.namer
        lines: list[Markup] = []
        applicant = self.parties.applicant
        un = self.parties.preset.form == "un_communication"  # the Committee's own words
        if applicant is not None:
            lines.append(labelled(t("label.un.author" if un else "label.applicant"),
                                  namer.name(applicant.id)))
            lines += self._contact_lines(applicant, with_id=True)
        for victim in self.parties.victims:
            if applicant is None or victim.id != applicant.id:
                lines.append(labelled(t("label.un.victim" if un else "label.victim"),
                                      self._victim_text(victim)))
        rep = self.parties.representative
        if rep is not None:
            lines.append(labelled(t("label.representative"), namer.name(rep.id)))
            authority = self._authority_text()
            if authority:
                lines.append(labelled(t("label.authority"), authority, strong=False))
            lines += self._contact_lines(rep, with_id=False)
        flowables: list[Flowable] = [Para(line, self.block_style) for line in lines]
        return [*flowables, Spacer(1, 6 * mm)]

    def _contact_lines(self, person: Person, with_id: bool) -> list[Markup]:
        if not self.ctx.namer.shows_contacts(person.id):
            return []
        t = self.t
        lines: list[Markup] = []
        if with_id and person.id_number.strip():
            lines.append(labelled(t("label.id_number"), person.id_number.strip(), strong=False))
        if person.address.strip():
            lines.append(labelled(t("label.address"), person.address.strip(), strong=False))
        phones = ", ".join(p.strip() for p in person.phones if p.strip())
        if phones:
            lines.append(labelled(t("label.phone"), phones, strong=False))
        return lines

    def _victim_text(self, victim: Person) -> str:
        text = self.ctx.namer.name(victim.id)
        if self.ctx.namer.is_minor(victim.id):
            female = victim.gender is Gender.FEMALE
            text += f" ({self.t('label.minor.female' if female else 'label.minor')})"
        return text

    def _authority_text(self) -> str:
        options = self.parties.options
        # A draft read back from storage may hold the plain value: take it either way.
        member = AuthorityKind(options.authority_kind) if options.authority_kind else None
        kind = self.t.enum(member) if member else ""
        detail = options.authority.strip()
        if member is not None:
            # "Доверенность № 12 от …" typed for a Kazakh document: the kind is said once, in
            # the report's language, and the rest of the detail follows it.
            for lang in ("ru", "kk", "en"):
                word = label(member, lang)
                if detail.casefold().startswith(word.casefold()):
                    detail = detail[len(word):].lstrip(" ,:")
                    break
        return ", ".join(p for p in (kind, detail) if p)

    # --- sections --------------------------------------------------------------------------

    def _complained_of(self) -> list[Flowable]:
        t, s = self.t, self.styles
        flowables = self._numbered(t("section.complained_of"))
        flowables += text_block(self.parties.options.complained_of, s.body,
                                t("label.not_stated"))
        officials = officials_complained_of(self.ctx)
        if officials:
            flowables.append(Para(esc(t("section.officials")), s.body_plain))
            scrub = self.ctx.namer.scrub
            for pid, role in officials:
                position = role.position.strip() if role else ""
                institution = role.institution.strip() if role else ""
                text = ", ".join(p for p in (self.ctx.namer.name(pid), scrub(position),
                                             scrub(institution)) if p)
                flowables.append(Para(Markup("— " + to_markup(text)), s.fact))
        return flowables

    def _facts(self) -> list[Flowable]:
        t, s = self.t, self.styles
        flowables = self._numbered(t("section.facts"))
        chosen = fact_record_ids(self.ctx)
        events = case_events(self.ctx, threat_numbers=True, only=chosen)
        if not events:
            return [*flowables, Para(esc(t("none.events")), s.note)]
        if chosen is not None:
            flowables.append(Para(esc(t("text.facts_chosen")), s.note))
        continuation = ParagraphStyle("fact_more", parent=s.body, leftIndent=6 * mm,
                                      firstLineIndent=0)
        undated_heading = False
        for event in events:
            if event.undated and not undated_heading:
                # Entries without a date are told last, under their own line, so the order
                # of the dated ones stays clear.
                flowables.append(Para(esc(t("text.undated_events")), s.note))
                undated_heading = True
            first, *rest = text_lines(event.text)
            markup = Markup(f"<b>{to_markup(event.when)}</b> — {to_markup(event.kind)}: "
                            f"{to_markup(first)}")
            flowables.append(Para(markup, s.fact))
            flowables += [Para(to_markup(line), continuation) for line in rest
                          if line.strip()]
        return flowables

    def _signature(self) -> Flowable:
        t, s = self.t, self.styles
        place_date = t("text.place_date", place=self.parties.place or "________________",
                       date=format_day(t, self.ctx.local_time.date()))
        signatory = self.parties.signatory
        name = self.ctx.namer.name(signatory.id) if signatory is not None else ""
        sign = Markup(f"________________ / {to_markup(name)}<br/>"
                      f"<font size=\"9\">{to_markup(t('label.signature'))}</font>")
        # Paragraphs rather than a two-column table: a place or a name of any length must
        # still fit (a table cell cannot run onto the next page).
        return KeepTogether([Spacer(1, 10 * mm), Para(esc(place_date), s.body_plain),
                             Spacer(1, 4 * mm), Para(sign, self.sign_style)])
