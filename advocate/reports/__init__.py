"""PDF reports: the complaint, the threat log, the chronology and the evidence register.

The CLI and the desktop app call :func:`check_completeness` (what a report still lacks, in the
report's language) and :func:`render_report` (write the PDF, atomically, with progress and
cancel). Every report carries a verification code and a QR code (:class:`ReportStamp`) that the
vault can later check with :func:`code_for_payload`. docs/reports.md describes the documents,
the redaction rules and how to edit the texts and addressee presets in resources/reports.
"""

from typing import TYPE_CHECKING, Any

from advocate.reports.completeness import check_completeness
from advocate.reports.errors import (
    IncompleteReportError,
    ReportError,
    ReportLayoutError,
    ReportRequestError,
    ReportResourceError,
    ReportWriteError,
    UnknownAddresseeError,
    UnsupportedLanguageError,
)
from advocate.reports.request import (
    LANGUAGES,
    AuthorityKind,
    ComplaintOptions,
    Gap,
    Profile,
    ReportKind,
    ReportRequest,
    ReportStamp,
)
from advocate.reports.stamp import code_for_payload, normalise_code, stamp_for
from advocate.reports.texts import AddresseePreset, addressee_presets

if TYPE_CHECKING:
    from advocate.reports.render import render_report
else:
    def __getattr__(name: str) -> Any:
        """``render_report`` is imported when first asked for: it loads reportlab (0.3 s), and
        the labels (``advocate.labels``) and request types are needed without it, at the
        app's unlock (bench/bench_app.py)."""
        if name == "render_report":
            from advocate.reports.render import render_report

            return render_report
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "LANGUAGES", "AddresseePreset", "AuthorityKind", "ComplaintOptions", "Gap",
    "IncompleteReportError", "Profile", "ReportError", "ReportKind", "ReportLayoutError",
    "ReportRequest", "ReportRequestError", "ReportResourceError", "ReportStamp",
    "ReportWriteError", "UnknownAddresseeError", "UnsupportedLanguageError",
    "addressee_presets", "check_completeness", "code_for_payload", "normalise_code",
    "render_report", "stamp_for",
]
