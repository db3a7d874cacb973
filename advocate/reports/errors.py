"""Typed errors of the report builder.

Each carries the facts the CLI and the app need to explain the failure in the user's language;
``message`` is the plain-English fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from advocate.errors import AdvocateError

if TYPE_CHECKING:
    from advocate.reports.request import Gap


class ReportError(AdvocateError):
    """Base of every error raised while preparing or writing a report."""


class IncompleteReportError(ReportError):
    """A strict render was asked for, and the report still lacks something (``gaps``)."""

    def __init__(self, gaps: Sequence[Gap]) -> None:
        listed = "; ".join(g.message for g in gaps[:5])
        more = f" (and {len(gaps) - 5} more)" if len(gaps) > 5 else ""
        super().__init__(
            f"The report is incomplete and was not written: {listed}{more}. "
            "Fill in what is missing, or render without --strict."
        )
        self.gaps = list(gaps)


class UnsupportedLanguageError(ReportError):
    """The report language is not one the report texts exist in."""

    def __init__(self, lang: str, supported: Sequence[str]) -> None:
        super().__init__(
            f"Reports cannot be written in '{lang[:20]}'; choose one of {', '.join(supported)}."
        )
        self.lang = lang
        self.supported = list(supported)


class UnknownAddresseeError(ReportError):
    """The complaint names an addressee preset that resources/reports/addressees.json lacks."""

    def __init__(self, preset: str, known: Sequence[str]) -> None:
        super().__init__(
            f"There is no addressee preset '{preset[:40]}'; choose one of {', '.join(known)}, "
            "or add it to resources/reports/addressees.json."
        )
        self.preset = preset
        self.known = list(known)


class ReportResourceError(ReportError):
    """A bundled file the reports need (a font, a text file) is missing or malformed."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(f"{message} Reinstall Advocate to restore its bundled files.")
        self.path = path


class ReportRequestError(ReportError):
    """The report request itself is unusable (for example a time without a time zone)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class ReportWriteError(ReportError):
    """The operating system refused to write the PDF (folder missing, disk full, no access)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"The report could not be written to {path}: {reason}. Nothing was left there; "
            "choose another folder or free some space and try again."
        )
        self.path = path
        self.reason = reason


class ReportLayoutError(ReportError):
    """reportlab could not lay the document out (a defect of the report code, not of the data)."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            "The report could not be laid out; nothing was written. Please report this, with "
            f"the kind of report and its language ({detail[:200]})."
        )
        self.detail = detail
