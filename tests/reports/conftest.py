"""Case files for the report tests, built from the model dataclasses directly.

Every name is invented (Пәленшиев is Kazakh for "so-and-so", Условнов for "notional"); the
addresses, phone numbers and identification numbers are made up too.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from advocate.model import (
    Action,
    ActionKind,
    ActionStatus,
    Case,
    CaseFile,
    Channel,
    Consent,
    ConsentPurpose,
    Evidence,
    Gender,
    Hearing,
    Incident,
    Note,
    PartialDate,
    Person,
    Proceeding,
    ProceedingKind,
    Relation,
    Role,
    RoleKind,
    Severity,
    Threat,
    ThreatSource,
)
from advocate.reports import (
    AuthorityKind,
    ComplaintOptions,
    Profile,
    ReportKind,
    ReportRequest,
    ReportStamp,
    render_report,
)

GENERATED = datetime(2024, 6, 3, 9, 30, tzinfo=UTC)
ALMATY = timezone(timedelta(hours=5))
AUDIT_HEAD = "a3" * 32
P = PartialDate.parse

# The values redaction must hide (also used by the tests to look for leaks).
VICTIM_NAME = "Әмір Ғалымұлы Сәрсенқұлов"
MOTHER_NAME = "Гүлнұр Өмірбекқызы Сәрсенқұлова"
GRANDMOTHER_NAME = "Рәбиға Жүсіпқызы Һашимова"
WITNESS_NAME = "Ілияс Меңдіғалиұлы Тоқсанбаев"
SUSPECT_NAME = "Данияр Ержанұлы Пәленшиев"
SUSPECT2_NAME = "Артём Игоревич Условнов"
OFFICIAL_NAME = "Берік Маратович Шартты"
LAWYER_NAME = "Айгерім Нұрланқызы Үлгіева"
MOTHER_ADDRESS = "г. Талдыкорган, ул. Вымышленная, д. 7, кв. 12"
MOTHER_PHONE = "+7 700 555 01 23"
MOTHER_IIN = "870304400123"
VICTIM_IIN = "160811500321"
GRANDMOTHER_PHONE = "+7 705 555 98 76"
LAWYER_ADDRESS = "г. Алматы, пр. Примерный, 100, офис 5"
LAWYER_PHONE = "+7 727 555 44 33"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_rich_case() -> CaseFile:
    """A case like the one the design starts from: a seven-year-old boy, his mother and
    grandmother threatened, a lawyer, police inaction, a libel suit against the defenders."""
    case = Case(reference="АБ-17/2024", title="Защита несовершеннолетнего Ә.",
                region="Алматинская область", place="г. Талдыкорган",
                summary="Учебное дело для тестов.", opened=P("2024-01-10"))
    cid = case.id
    victim = Person(full_name=VICTIM_NAME, pseudonym="Мальчик А.", birth_date=P("2016-08-11"),
                    gender=Gender.MALE, id_number=VICTIM_IIN)
    mother = Person(full_name=MOTHER_NAME, gender=Gender.FEMALE, id_number=MOTHER_IIN,
                    address=MOTHER_ADDRESS, phones=[MOTHER_PHONE], birth_date=P("1987-03-04"))
    grandmother = Person(full_name=GRANDMOTHER_NAME, gender=Gender.FEMALE,
                         phones=[GRANDMOTHER_PHONE])
    witness = Person(full_name=WITNESS_NAME, gender=Gender.MALE)
    suspect = Person(full_name=SUSPECT_NAME, gender=Gender.MALE, birth_date=P("2008-02"))
    suspect2 = Person(full_name=SUSPECT2_NAME, gender=Gender.MALE, birth_date=P("2007"))
    official = Person(full_name=OFFICIAL_NAME, gender=Gender.MALE)
    lawyer = Person(full_name=LAWYER_NAME, gender=Gender.FEMALE, address=LAWYER_ADDRESS,
                    phones=[LAWYER_PHONE])
    persons = [victim, mother, grandmother, witness, suspect, suspect2, official, lawyer]
    roles = [
        Role(case_id=cid, person_id=victim.id, role=RoleKind.VICTIM),
        Role(case_id=cid, person_id=mother.id, role=RoleKind.FAMILY, relation_to_victim="мать"),
        Role(case_id=cid, person_id=grandmother.id, role=RoleKind.FAMILY,
             relation_to_victim="бабушка"),
        Role(case_id=cid, person_id=witness.id, role=RoleKind.WITNESS),
        Role(case_id=cid, person_id=suspect.id, role=RoleKind.PERPETRATOR),
        Role(case_id=cid, person_id=suspect2.id, role=RoleKind.PERPETRATOR),
        Role(case_id=cid, person_id=official.id, role=RoleKind.OFFICIAL,
             institution="ОП Ауданского района", position="участковый инспектор"),
        Role(case_id=cid, person_id=lawyer.id, role=RoleKind.LAWYER),
    ]
    relations = [Relation(person_id=mother.id, other_person_id=victim.id,
                          kind="законный представитель")]
    evidence = _evidence(cid, mother)
    incidents = [
        Incident(case_id=cid, title="Насилие в отношении ребёнка", date=P("2023-11~"),
                 place="двор дома", description="Подробности известны следователю.",
                 person_ids=[victim.id, suspect.id, suspect2.id]),
        Incident(case_id=cid, title="Повторное нападение", date=P("2024-02-14"),
                 place="у школы", person_ids=[victim.id, witness.id]),
    ]
    threats = _threats(cid, mother, grandmother, lawyer, suspect, evidence)
    actions = _actions(cid, evidence)
    proceeding = Proceeding(case_id=cid, kind=ProceedingKind.LIBEL,
                            title="Иск о защите чести к адвокату", court="Районный суд № 2",
                            case_number="2-1234/2024", against_advocates=True,
                            opened=P("2024-04-02"))
    hearings = [Hearing(case_id=cid, proceeding_id=proceeding.id, date=P("2024-05-15"),
                        time="10:30", place="зал 4", outcome="отложено")]
    consents = _consents(cid, mother, victim)
    notes = [Note(case_id=cid, title="Заметка адвоката", date=P("2024-03-01"),
                  text="Позвонить в прокуратуру.")]
    return CaseFile(
        case=case, persons={p.id: p for p in persons}, roles=roles, relations=relations,
        incidents=incidents, threats=threats, actions=actions, proceedings=[proceeding],
        hearings=hearings, consents=consents, notes=notes, evidence=evidence,
    )


def _evidence(cid: str, mother: Person) -> list[Evidence]:
    return [
        Evidence(case_id=cid, original_name=f"скриншот_{i}.png", media_type="image/png",
                 size=1000 * i + 345, sha256=_sha(f"e{i}"), intake_at=f"2024-0{i}-15T08:00:00Z",
                 source="WhatsApp, прислала мать", provided_by_id=mother.id)
        for i in range(1, 5)
    ] + [Evidence(case_id=cid, original_name="ответ_прокуратуры.pdf",
                  media_type="application/pdf", size=2_345_678, sha256=_sha("answer"),
                  intake_at="2024-05-20T10:00:00Z", source="почта", pages=3,
                  description="Ответ прокуратуры")]


def _consents(cid: str, mother: Person, victim: Person) -> list[Consent]:
    """The mother consents for herself and, with the boy's own assent, for him; nobody else."""
    return [
        Consent(case_id=cid, person_id=mother.id, purpose=purpose, given_by_id=mother.id,
                given_on=P("2024-01-10"))
        for purpose in (ConsentPurpose.SHARE_OMBUDSMAN, ConsentPurpose.SHARE_COURT_PROSECUTOR,
                        ConsentPurpose.PUBLISH_ANONYMISED)
    ] + [
        Consent(case_id=cid, person_id=victim.id, purpose=purpose, given_by_id=mother.id,
                child_assent=True, given_on=P("2024-01-10"))
        for purpose in (ConsentPurpose.SHARE_OMBUDSMAN, ConsentPurpose.PUBLISH_ANONYMISED)
    ]


def _threats(cid: str, mother: Person, grandmother: Person, lawyer: Person, suspect: Person,
             evidence: list[Evidence]) -> list[Threat]:
    return [
        Threat(case_id=cid, received=P("2024-02-20"), target_ids=[mother.id],
               source=ThreatSource.KNOWN_PERSON, source_person_id=suspect.id,
               channel=Channel.PHONE, words="Забери заявление, иначе пожалеешь.",
               severity=Severity.HIGH, reported=True, reported_to="ОП Ауданского района",
               report_number="КУИ № 1234", report_date=P("2024-02-21"),
               evidence_ids=[evidence[0].id]),
        Threat(case_id=cid, received=P("2024-03"), target_ids=[grandmother.id],
               source=ThreatSource.UNKNOWN, channel=Channel.SMS,
               words="Сізге ескерту: арызды қайтарып алыңыз.", severity=Severity.MEDIUM),
        Threat(case_id=cid, received=P("2024-03-05/2024-03-12"), target_ids=[lawyer.id],
               source=ThreatSource.CLAIMS_AUTHORITY,
               source_description="мужчина, назвавшийся сотрудником акимата",
               channel=Channel.IN_PERSON, words="Вам лучше уехать из города.",
               severity=Severity.CRITICAL, reported=True, reported_to="Прокуратура области"),
        Threat(case_id=cid, received=P("2023~"), target_ids=[mother.id, grandmother.id],
               channel=Channel.THROUGH_RELATIVES, words="Передали через соседей.",
               severity=Severity.LOW),
        Threat(case_id=cid, received=P("2024-04-02"), target_ids=[mother.id],
               channel=Channel.MESSENGER, words="Мы знаем, где учится ваш сын.",
               severity=Severity.CRITICAL, evidence_ids=[evidence[1].id, evidence[2].id]),
    ]


def _actions(cid: str, evidence: list[Evidence]) -> list[Action]:
    return [
        Action(case_id=cid, kind=ActionKind.COMPLAINT, title="Заявление о преступлении",
               addressee="ОП Ауданского района", filed=P("2023-11-20"),
               reference_number="55/11", status=ActionStatus.REFUSED,
               response="Отказано в регистрации.", response_date=P("2023-12-15")),
        Action(case_id=cid, kind=ActionKind.APPEAL, title="Жалоба на бездействие полиции",
               addressee="Прокуратура Алматинской области", filed=P("2024-01-15"),
               reference_number="ЖТ-2024-0042", status=ActionStatus.ANSWERED,
               response="Проверка продолжается.", response_date=P("2024-02-10"),
               due=date(2024, 2, 14), evidence_ids=[evidence[4].id]),
        Action(case_id=cid, kind=ActionKind.PETITION, title="Ходатайство о мерах защиты",
               addressee="Следственный отдел", filed=P("2024-04-05"),
               status=ActionStatus.AWAITING),
        Action(case_id=cid, kind=ActionKind.MEETING, title="Встреча с журналистом"),
    ]


def complaint_options(case_file: CaseFile, **overrides: object) -> ComplaintOptions:
    """Complete complaint options for the rich case."""
    lawyer = next(p for p in case_file.persons.values() if p.full_name == LAWYER_NAME)
    official = next(p for p in case_file.persons.values() if p.full_name == OFFICIAL_NAME)
    values: dict[str, object] = dict(
        official_ids=[official.id],
        addressee_preset="ombudsman",
        representative_id=lawyer.id,
        authority_kind=AuthorityKind.POWER_OF_ATTORNEY,
        authority="№ 12 от 10.01.2024",
        complained_of="Бездействие участкового инспектора ОП Ауданского района: заявление "
                      "о преступлении не зарегистрировано.",
        legal_grounds="Статья 33 Конституции Республики Казахстан.\nКонституционный закон "
                      "«Об Уполномоченном по правам человека в Республике Казахстан».",
        request="1. Проверить законность действий полиции.\n2. Принять меры защиты семьи.",
        confidential=True,
        place="г. Талдыкорган",
    )
    values.update(overrides)
    return ComplaintOptions(**values)  # type: ignore[arg-type]


def make_request(kind: ReportKind, lang: str = "ru", profile: Profile = Profile.OMBUDSMAN,
                 complaint: ComplaintOptions | None = None,
                 redact: bool | None = None) -> ReportRequest:
    """A request with the fixed generation time and audit head the tests rely on."""
    return ReportRequest(kind=kind, lang=lang, profile=profile, redact=redact,
                         complaint=complaint, generated_at=GENERATED, audit_head=AUDIT_HEAD,
                         timezone=ALMATY)


def make_big_case(threats: int = 1000, actions: int = 500) -> CaseFile:
    """The rich case with many more threats and actions (the scale test and the bench)."""
    case_file = make_rich_case()
    cid = case_file.case.id
    mother = next(p for p in case_file.persons.values() if p.full_name == MOTHER_NAME)
    start = date(2022, 1, 1)
    channels, severities = list(Channel), list(Severity)
    case_file.threats = [
        Threat(case_id=cid, received=PartialDate.of(start + timedelta(days=i % 900)),
               target_ids=[mother.id], channel=channels[i % len(channels)],
               words=f"Угроза номер {i}: ещё одно сообщение с угрозами в адрес семьи.",
               severity=severities[i % len(severities)], reported=i % 3 == 0,
               reported_to="ОП Ауданского района" if i % 3 == 0 else "",
               report_number=f"КУИ № {10000 + i}" if i % 6 == 0 else "")
        for i in range(threats)
    ]
    case_file.actions = [
        Action(case_id=cid, kind=ActionKind.REQUEST, title=f"Запрос № {i}",
               addressee="Прокуратура Алматинской области",
               filed=PartialDate.of(start + timedelta(days=i)), reference_number=f"ЖТ-{i}",
               status=ActionStatus.ANSWERED, response=f"Ответ на запрос № {i}: рассмотрено.",
               response_date=PartialDate.of(start + timedelta(days=i + 20)))
        for i in range(actions)
    ]
    return case_file


@pytest.fixture
def rich_case() -> CaseFile:
    """A fresh copy of the rich case for each test (tests may change it)."""
    return make_rich_case()


Renderer = Callable[..., tuple[Path, ReportStamp]]


@pytest.fixture
def render(tmp_path: Path) -> Renderer:
    """Render a report into the test's folder: render(case_file, kind, lang=…, …)."""
    counter = iter(range(10_000))

    def _render(case_file: CaseFile, kind: ReportKind, lang: str = "ru",
                profile: Profile = Profile.OMBUDSMAN, complaint: ComplaintOptions | None = None,
                redact: bool | None = None, **kwargs: object) -> tuple[Path, ReportStamp]:
        if kind is ReportKind.COMPLAINT and complaint is None:
            complaint = complaint_options(case_file)
        out = tmp_path / f"{kind.value}-{lang}-{next(counter)}.pdf"
        stamp = render_report(case_file, make_request(kind, lang, profile, complaint, redact),
                              out, **kwargs)  # type: ignore[arg-type]
        return out, stamp

    return _render


def pdftotext(path: Path) -> str:
    """The PDF's text in the order it was drawn (``-raw``: a table cell's lines stay together,
    where the default reading order would interleave the columns)."""
    args = ["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Text with all whitespace (line and page breaks from wrapping) and hyphens (words
    hyphenated at a line end) removed, for searching; apply it to both sides."""
    return "".join(text.split()).replace("-", "")


def qpdf_check(path: Path) -> None:
    """Fail unless qpdf finds the PDF structurally sound."""
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def qdf_bytes(path: Path) -> bytes:
    """The PDF uncompressed by qpdf, so every dictionary and stream is searchable."""
    out = path.with_suffix(".qdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), str(out)],
                   check=True)
    data = out.read_bytes()
    out.unlink()
    return data


def page_count(path: Path) -> int:
    """The number of pages, from pdfinfo."""
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


def tools_present() -> bool:
    """Whether poppler and qpdf are installed (the PDF checks need them)."""
    return all(shutil.which(t) for t in ("pdftotext", "pdffonts", "qpdf", "pdfinfo"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the report tests, with a reason, where poppler or qpdf is missing."""
    if tools_present():
        return
    skip = pytest.mark.skip(reason="poppler-utils and qpdf are needed to check PDFs")
    for item in items:
        if "tests/reports" in str(item.fspath):
            item.add_marker(skip)
