"""User text prints exactly as typed, never as markup, and never breaks a report.

Markup-like text, entities, quotes, right-to-left marks, emoji, control characters, 2,000-
character words, 50,000-character notes and empty fields, through every text field.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocate.model import (
    Action,
    Case,
    CaseFile,
    Evidence,
    Incident,
    Note,
    Person,
    Role,
    RoleKind,
    Threat,
)
from advocate.reports import LANGUAGES, ComplaintOptions, Profile, ReportKind, render_report
from advocate.reports.safetext import cell_pieces, to_markup
from advocate.reports.styles import LEFT_MARGIN, PAGE_WIDTH, RIGHT_MARGIN, make_styles
from tests.reports.conftest import (
    Renderer,
    complaint_options,
    flat,
    make_request,
    make_rich_case,
    pdftotext,
    qdf_bytes,
    qpdf_check,
)

HOSTILE = ('<b>bold</b> <link href="https://evil.example/x">click</link> '
           '<img src="/etc/passwd" width="9"/> <a href="file:///etc/shadow">a</a> '
           '&amp; &nbsp; &#60; & < > "double" \'single\' <font face="Courier">c</font> '
           '<br/> <para> </para> <![CDATA[x]]> {name} {0} %s')
FORBIDDEN_PDF_KEYS = (b"/URI", b"/Launch", b"/GoTo", b"/JavaScript", b"/JS", b"/EmbeddedFile",
                      b"/Annots", b"/Subtype /Image", b"/SubmitForm", b"/OpenAction")


def put_everywhere(case_file: CaseFile, text: str) -> CaseFile:
    """The same text in every free-text field of the rich case."""
    case = case_file.case
    case.reference = case.title = case.region = case.place = case.summary = text
    for person in case_file.persons.values():
        person.pseudonym = text
        person.address = text
        person.phones = [text]
        person.contacts = person.notes = text
    for role in case_file.roles:
        role.relation_to_victim = role.institution = role.position = text
    for incident in case_file.incidents:
        incident.title = incident.place = incident.description = text
    for threat in case_file.threats:
        threat.words = threat.source_description = threat.reported_to = text
        threat.report_number = threat.response = text
    for action in case_file.actions:
        action.title = action.addressee = action.description = text
        action.reference_number = action.response = text
    for proceeding in case_file.proceedings:
        proceeding.title = proceeding.court = proceeding.judge = text
        proceeding.case_number = proceeding.parties = proceeding.decisions = text
    for hearing in case_file.hearings:
        hearing.place = hearing.outcome = hearing.notes = text
    for note in case_file.notes:
        note.title = note.text = text
    for evidence in case_file.evidence:
        evidence.original_name = evidence.source = evidence.description = text
        evidence.media_type = text
    return case_file


def everywhere_options(case_file: CaseFile, text: str) -> ComplaintOptions:
    return complaint_options(case_file, addressee_text=text, authority=text, complained_of=text,
                             legal_grounds=text, request=text, place=text)


@pytest.mark.parametrize("kind", list(ReportKind))
def test_markup_in_user_text_prints_as_typed_and_adds_nothing(
        render: Renderer, tmp_path: Path, kind: ReportKind) -> None:
    case_file = put_everywhere(make_rich_case(), HOSTILE)
    out, _ = render(case_file, kind, "ru", profile=Profile.INTERNAL,
                    complaint=everywhere_options(case_file, HOSTILE))
    qpdf_check(out)
    assert flat(HOSTILE) in flat(pdftotext(out))
    data = qdf_bytes(out)
    for key in FORBIDDEN_PDF_KEYS:
        assert key not in data, key
    # The text itself is in the page streams (reportlab keeps ASCII readable there), but no
    # font, file specification or image came of it.
    assert b"/BaseFont /Courier" not in data and b"/Filespec" not in data


def test_markup_escaping_of_single_values() -> None:
    assert to_markup("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert to_markup("a\r\nb\rc\u2028d") == "a<br/>b<br/>c<br/>d"
    assert to_markup("x\ty") == "x y"
    assert to_markup("\x07") == "[U+0007]"
    assert to_markup("\U0001F600") == '<font face="AdvocateEmoji">\U0001F600</font>'
    assert to_markup("\ue000") == "[U+E000]"  # private use: no font can say what it is
    assert to_markup("a\u200fb\u200dc") == "abc"  # invisible format characters
    assert to_markup("❤\ufe0f") == '<font face="AdvocateSymbols">❤</font>'
    assert to_markup("50 000 ₸") == '50 000 <font face="AdvocateSymbols">₸</font>'


def test_emoji_symbols_rtl_marks_and_control_characters_are_never_lost(
        render: Renderer, rich_case: CaseFile) -> None:
    words = ("Сумма 50 000 ₸ ✓ ★ \u200fRLM \u202eRLO\u202c end 😀 👍 "
             "ctl\x01\x1b[31m\x7f\x9f end")
    rich_case.threats[0].words = words
    out, _ = render(rich_case, ReportKind.THREATS, "ru")
    text = pdftotext(out)
    for visible in ("50 000 ₸", "✓", "★", "RLM", "RLO", "😀", "👍",
                    "ctl[U+0001][U+001B][31m[U+007F][U+009F]"):
        assert flat(visible) in flat(text), visible
    assert "[U+1F" not in text  # emoji are drawn, never written as code points


def test_messenger_emoji_are_drawn_and_copy_out_as_themselves(
        render: Renderer, rich_case: CaseFile) -> None:
    rich_case.threats[0].words = "Тоқтамасаң 🔪🔥😉 👍🏽 👨\u200d👩\u200d👧"
    out, _ = render(rich_case, ReportKind.THREATS, "kk")
    text = pdftotext(out)
    assert "🔪🔥😉" in text and "👍" in text and "U+" not in text


def _word_boxes(path: Path) -> list[tuple[float, float, str]]:
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [(float(a), float(b), w) for a, b, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        html)]


@pytest.mark.parametrize("kind", list(ReportKind))
def test_a_2000_character_word_wraps_inside_the_page(render: Renderer, rich_case: CaseFile,
                                                     kind: ReportKind) -> None:
    word = "Қазақстан" * 222 + "әз"  # 2,000 characters, no space
    put_everywhere(rich_case, word)
    out, _ = render(rich_case, kind, "kk", profile=Profile.INTERNAL,
                    complaint=everywhere_options(rich_case, word))
    qpdf_check(out)
    assert word in flat(pdftotext(out))
    boxes = _word_boxes(out)
    assert boxes
    for x_min, x_max, text in boxes:
        assert x_min >= LEFT_MARGIN - 1 and x_max <= PAGE_WIDTH - RIGHT_MARGIN + 1, text[:40]


def test_a_50000_character_note_prints_whole_in_tables_and_text(
        render: Renderer, rich_case: CaseFile) -> None:
    note = " ".join(f"w{i:05d}" for i in range(7200))[:50_000]
    assert len(note) == 50_000
    tokens = set(note.split())
    rich_case.threats[0].words = note  # a table cell: threat tables
    rich_case.actions[1].response = note  # a table cell: remedies
    rich_case.notes[0].text = note  # the chronology's table
    options = complaint_options(rich_case, legal_grounds=note)  # running text
    for kind in (ReportKind.COMPLAINT, ReportKind.CHRONOLOGY, ReportKind.THREATS):
        out, _ = render(rich_case, kind, "en", profile=Profile.INTERNAL, complaint=options)
        qpdf_check(out)
        found = set(re.findall(r"w\d{5}", pdftotext(out)))
        assert tokens <= found, sorted(tokens - found)[:5]


def test_a_note_of_50000_line_breaks_fits_table_cells() -> None:
    styles = make_styles()
    pieces = cell_pieces("x\n" * 25_000, 100, styles.cell, 300)
    assert len(pieces) > 10
    assert "".join(p + "\n" for p in pieces).count("x") == 25_000


def test_empty_fields_everywhere(render: Renderer) -> None:
    case = Case(reference="", title="")
    cid = case.id
    person = Person(full_name="", pseudonym="")
    case_file = CaseFile(
        case=case, persons={person.id: person},
        roles=[Role(case_id=cid, person_id=person.id, role=RoleKind.VICTIM)],
        incidents=[Incident(case_id=cid)],
        threats=[Threat(case_id=cid), Threat(case_id=cid, target_ids=[person.id])],
        actions=[Action(case_id=cid)], notes=[Note(case_id=cid)],
        evidence=[Evidence(case_id=cid, original_name="", media_type="", sha256="")],
    )
    for lang in LANGUAGES:
        for kind in ReportKind:
            out, _ = render(case_file, kind, lang, profile=Profile.INTERNAL,
                            complaint=ComplaintOptions())
            qpdf_check(out)


text_values = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
            max_size=120),
    st.sampled_from([HOSTILE, "", " ", "\n\n\n", "Ә" * 700, "😀" * 50, "\u202e" * 10,
                     "a\u0301" * 30, "\r\n" * 40, "{}" * 20, "&" * 100]),
)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=text_values, kind=st.sampled_from(list(ReportKind)),
       lang=st.sampled_from(LANGUAGES), profile=st.sampled_from(list(Profile)))
def test_random_text_in_every_field_never_breaks_a_report(
        tmp_path: Path, text: str, kind: ReportKind, lang: str, profile: Profile) -> None:
    case_file = put_everywhere(make_rich_case(), text)
    options = everywhere_options(case_file, text)
    for person in case_file.persons.values():
        person.full_name = text
    request = make_request(kind, lang, profile, options)
    out = tmp_path / "random.pdf"
    render_report(case_file, request, out, overwrite=True)  # hypothesis reruns on one name
    qpdf_check(out)
