"""The self-test of a built Advocate, the part without Qt: does everything the app rests on work
here, from the files this build carries?

``advocate-app --self-test`` (the bundle, ui/bundle_main.py) runs :func:`run_core` in a temporary
folder, then opens the main window on the restored vault (ui/selftest.py). The core part creates a
vault (real Argon2id, at the floor a user's vault may have), fills it with the demo case history,
renders every report kind in every report language, writes an encrypted backup, restores it into
a new vault and verifies that vault (SQLCipher's pages, the audit chain, every evidence hash).

It exercises what a frozen build most often loses: compiled modules (SQLCipher, cryptography,
pyrage, reportlab's C parts), data files (fonts, report texts, holiday calendar, translations,
the demo's JSON) and imports found only at run time. Every step is named, so a failure says
which one; the demo data is invented, so an error's text may be printed as it is.

``python -m advocate.selftest`` runs this part alone, with no display.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

from advocate import __version__
from advocate.backup import restore_backup, verify_backup, write_backup
from advocate.demo import build_demo
from advocate.errors import AdvocateError
from advocate.i18n import translations
from advocate.reports import (
    LANGUAGES,
    ComplaintOptions,
    Profile,
    ReportKind,
    ReportRequest,
    render_report,
)
from advocate.resources import resources_dir
from advocate.store import Store
from advocate.vault import KdfParams
from advocate.vault.kdf import DEFAULT_LANES, MEMORY_KIB_CREATE_MIN

#: The demo's data is invented, so its passphrase is no secret; it never leaves the temp folder.
SELFTEST_PASSPHRASE = "self-test — қойма, хранилище"  # noqa: S105
#: The cheapest KDF a user's vault may have: the real code path, in a fraction of a second.
SELFTEST_KDF = KdfParams(MEMORY_KIB_CREATE_MIN, 1, DEFAULT_LANES)
#: Files a build must carry (relative to resources/); a missing one fails the first step.
REQUIRED_RESOURCES = (
    "fonts/DejaVuSans.ttf", "fonts/LiberationSerif-Regular.ttf", "holidays/kz.json",
    "reports/addressees.json", "reports/texts/ru.json", "reports/texts/kk.json",
    "reports/texts/en.json", "locale/ru/LC_MESSAGES/advocate.mo",
    "locale/kk/LC_MESSAGES/advocate.mo",
)


class SelfTestError(Exception):
    """A step of the self-test failed; ``str()`` is the one line to print."""

    def __init__(self, step: str, detail: str) -> None:
        super().__init__(f"{step}: {detail}")
        self.step = step
        self.detail = detail


@dataclass(slots=True)
class CoreResult:
    """What the core part did, for the result line; the restored vault is for the window step."""

    restored: Path
    passphrase: str
    cases: int = 0
    records: int = 0
    reports: int = 0
    evidence_files: int = 0
    backup_bytes: int = 0
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def step(name: str, timings: dict[str, float]) -> Iterator[None]:
    """Time one named step; any failure in it becomes a :class:`SelfTestError` naming it."""
    started = time.perf_counter()
    try:
        yield
    except SelfTestError:
        raise
    except AdvocateError as exc:
        raise SelfTestError(name, exc.message) from exc
    except Exception as exc:  # the self-test reports any failure as one line
        raise SelfTestError(name, f"{type(exc).__name__}: {exc}") from exc
    finally:
        timings[name] = time.perf_counter() - started


def run_core(folder: Path, *, kdf: KdfParams = SELFTEST_KDF,
             say: Callable[[str], None] | None = None) -> CoreResult:
    """Run the steps without Qt in ``folder`` (an empty, temporary folder the caller removes)."""
    timings: dict[str, float] = {}
    result = CoreResult(restored=folder / "restored.advocate", passphrase=SELFTEST_PASSPHRASE,
                        timings=timings)
    tell = say or (lambda _text: None)
    with step("resources", timings):
        _check_resources()
    vault, backup = folder / "selftest.advocate", folder / "selftest.advocate-backup"
    with step("create vault", timings):
        store, _ = Store.create(vault, SELFTEST_PASSPHRASE, kdf=kdf)
    with store:
        with step("demo data", timings):
            counts = build_demo(store)
            result.cases = counts["cases"]
        tell(f"vault with the demo data: {sum(counts.values())} records")
        with step("reports", timings):
            result.reports = _render_every_report(store, folder / "reports")
        tell(f"reports rendered: {result.reports}")
        with step("backup", timings):
            result.backup_bytes = write_backup(store, backup, SELFTEST_PASSPHRASE).size
            verify_backup(backup, SELFTEST_PASSPHRASE)
    with step("restore", timings):
        restored = restore_backup(backup, SELFTEST_PASSPHRASE, result.restored,
                                  SELFTEST_PASSPHRASE, kdf=kdf)
    with step("verify", timings), Store.open(result.restored, SELFTEST_PASSPHRASE) as again:
        report = again.verify()
        if not report.ok:
            raise SelfTestError("verify", "; ".join(report.problems[:3]))
        if report.records != restored.backup.records:
            raise SelfTestError("verify", f"{report.records} records restored, "
                                          f"{restored.backup.records} backed up")
        result.records = report.records
        result.evidence_files = report.evidence_files
    tell(f"backup restored and verified: {result.records} records")
    return result


def _check_resources() -> None:
    """Every data file the app reads is there, and the translations load (not the fallback)."""
    root = resources_dir()
    missing = [name for name in REQUIRED_RESOURCES if not (root / name).is_file()]
    if missing:
        raise SelfTestError("resources", f"missing under {root}: {', '.join(missing)}")
    for lang in ("ru", "kk"):
        if type(translations(lang)).__name__ == "NullTranslations":
            raise SelfTestError("resources", f"the {lang} translation does not load")


def _render_every_report(store: Store, out: Path) -> int:
    """Each report kind in each language on the case with the most threats; returns the count."""
    out.mkdir()
    main_case = max(store.cases(), key=lambda c: c.threats)
    case_file = store.case_file(main_case.id)
    draft = case_file.complaints[0] if case_file.complaints else None
    options = (ComplaintOptions(**{f.name: getattr(draft, f.name)
                                   for f in fields(ComplaintOptions)}) if draft else None)
    rendered = 0
    for kind in ReportKind:
        for lang in LANGUAGES:
            request = ReportRequest(
                kind=kind, lang=lang, profile=Profile.OMBUDSMAN,
                complaint=options if kind is ReportKind.COMPLAINT else None,
                generated_at=datetime.now(UTC), audit_head=store.audit_head())
            pdf = out / f"{kind.value}-{lang}.pdf"
            render_report(case_file, request, pdf)
            with pdf.open("rb") as head:
                if head.read(5) != b"%PDF-":
                    raise SelfTestError("reports", f"{pdf.name} is not a PDF")
            rendered += 1
    return rendered


def summary(result: CoreResult, extra: str = "", seconds: float | None = None) -> str:
    """The one result line of a passed self-test."""
    total = sum(result.timings.values()) if seconds is None else seconds
    parts = [f"advocate {__version__} self-test passed: {result.cases} cases, "
             f"{result.records} records, {result.evidence_files} evidence files",
             f"{result.reports} reports ({'/'.join(LANGUAGES)})",
             f"backup {result.backup_bytes:,} bytes restored and verified"]
    if extra:
        parts.append(extra)
    return "; ".join(parts) + f" in {total:.1f} s"


def run_in_temp(after: Callable[[CoreResult], str] | None = None) -> str:
    """Run the core part in a new temporary folder (removed afterwards) and, with the vault
    restored, ``after`` (the window step); returns the result line or raises SelfTestError."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="advocate-selftest-") as tmp:
        result = run_core(Path(tmp))
        extra = after(result) if after else ""
    return summary(result, extra, time.perf_counter() - started)


def main() -> int:
    """``python -m advocate.selftest``: the core part; one line on stdout, or on stderr."""
    try:
        print(run_in_temp())
    except SelfTestError as exc:
        print(f"advocate self-test FAILED at {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
