"""Typed errors of the report builder.

Each carries the facts the CLI and the app need to explain the failure in the user's language:
a stable ``code``, an ``N_()`` template and its parameters (see ``advocate.errors``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from advocate.errors import AdvocateError
from advocate.i18n import N_

if TYPE_CHECKING:
    from advocate.reports.request import Gap


class ReportError(AdvocateError):
    """Base of every error raised while preparing or writing a report."""

    code = "report.error"


class IncompleteReportError(ReportError):
    """A strict render was asked for, and the report still lacks something (``gaps``).

    ``listed`` holds the first gaps in the report's own language (they come from the report
    texts); the CLI adds how to write the report anyway.
    """

    code = "report.incomplete"
    template = N_("The report is incomplete and was not written: {listed}. Fill in what is "
                  "missing, then try again.")

    def __init__(self, gaps: Sequence[Gap]) -> None:
        listed = "; ".join(g.message for g in gaps[:5]) + (" …" if len(gaps) > 5 else "")
        super().__init__(listed=listed, count=len(gaps), codes=[g.code for g in gaps])
        self.gaps = list(gaps)


class UnsupportedLanguageError(ReportError):
    """The report language is not one the report texts exist in."""

    code = "report.unsupported_language"
    template = N_("Reports cannot be written in '{lang}'; choose one of {supported}.")

    def __init__(self, lang: str, supported: Sequence[str]) -> None:
        super().__init__(lang=lang[:20], supported=", ".join(supported))
        self.lang = lang
        self.supported = list(supported)


class UnknownAddresseeError(ReportError):
    """The complaint names an addressee preset that resources/reports/addressees.json lacks."""

    code = "report.unknown_addressee"
    template = N_("There is no addressee preset '{preset}'; choose one of {known}, or add it to "
                  "resources/reports/addressees.json.")

    def __init__(self, preset: str, known: Sequence[str]) -> None:
        super().__init__(preset=preset[:40], known=", ".join(known))
        self.preset = preset
        self.known = list(known)


class ReportResourceError(ReportError):
    """A bundled file the reports need (a font, a text file) is missing or malformed."""

    code = "report.resource"
    template = N_("A file Advocate needs for reports ({name}) is missing or damaged. Reinstall "
                  "Advocate to restore its bundled files.")

    def __init__(self, name: str, detail: str, path: Path | None = None) -> None:
        super().__init__(name=name, detail=detail, path=path)
        self.path = path


class ReportRequestError(ReportError):
    """The report request itself is unusable (a defect of the caller, not of the data)."""

    code = "report.bad_request"
    template = N_("The report request is unusable ({field}); nothing was written. Please report "
                  "this problem.")

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(field=field, detail=detail)
        self.field = field


class ReportWriteError(ReportError):
    """The operating system refused to write the PDF (folder missing, disk full, no access)."""

    code = "report.write_failed"
    template = N_("The report could not be written to {path}: {reason}. Nothing was left there; "
                  "choose another folder or free some space and try again.")

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path=path, reason=reason)
        self.path = path
        self.reason = reason


class ReportLayoutError(ReportError):
    """reportlab could not lay the document out (a defect of the report code, not of the data)."""

    code = "report.layout_failed"
    template = N_("The report could not be laid out; nothing was written. Please report this "
                  "problem, with the kind of report and its language.")

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail[:200])
        self.detail = detail


class ReportProcessError(ReportError):
    """The process that lays the report out stopped before it finished (a crash, or the system
    ran out of memory); nothing was kept of it."""

    code = "report.process_died"
    template = N_("The report could not be prepared: the part of Advocate that lays out its "
                  "pages stopped unexpectedly. Nothing was saved. Close other programs to free "
                  "memory, then try again.")

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(exitcode=exitcode)
        self.exitcode = exitcode
