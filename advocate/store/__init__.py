"""Reading and writing records; search; the audit chain; evidence chunks.

``Store`` is the facade the app, the reports and the CLI share; nothing else writes SQL.
"""

from advocate.store.search import SearchHit
from advocate.store.store import CaseSummary, Deadline, Store
from advocate.store.verify import VerifyReport

__all__ = ["CaseSummary", "Deadline", "SearchHit", "Store", "VerifyReport"]
