"""Whether the computer's clock can be believed, before anything is stamped with its time.

Records, the audit chain, reports and backups carry times from the clock. A clock set wrong by
years is recorded as such (docs/security.md, section 3), but one beyond what dates may hold
(1900–2200, ``advocate.model.dates``) breaks things: a report's "generated on" date cannot be
written, and past 2262 Python's own ``time.time()`` overflows (``logging`` fails to import,
queue timeouts raise in worker threads). Issue 15 found a report ending in an internal error and a
backup's worker hanging with the clock in the year 9999. So commands check the clock first.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from advocate.errors import AdvocateError
from advocate.i18n import N_
from advocate.model.dates import MAX_YEAR, MIN_YEAR


class ClockError(AdvocateError):
    """The computer's clock is set to a time no record may carry."""

    code = "clock.implausible"
    template = N_("The computer's clock says {now}, which cannot be right. Set the date and time "
                  "correctly, then try again; nothing was changed.")

    def __init__(self, now: str, **params: object) -> None:
        super().__init__(now=now, **params)


class ClockOverflowError(ClockError):
    """The clock is so far ahead that Python cannot even count the time (past 2262)."""

    code = "clock.overflow"
    template = N_("The computer's clock is set after the year {year}, which cannot be right. Set "
                  "the date and time correctly, then try again; nothing was changed.")

    def __init__(self) -> None:
        super().__init__("", year=2262)  # note: no date can be read from such a clock


def check_clock() -> datetime:
    """The current time in UTC, or ``ClockError`` when the clock is outside 1900–2200.

    ``ClockOverflowError`` (``now`` is empty) when it is past what Python can count.
    """
    try:
        time.time()  # overflows past 2262 even where datetime.now() still works
        now = datetime.now(UTC)
    except (OverflowError, OSError, ValueError):
        raise ClockOverflowError() from None
    if not MIN_YEAR <= now.year <= MAX_YEAR:
        raise ClockError(now.strftime("%Y-%m-%d %H:%M UTC"))
    return now
