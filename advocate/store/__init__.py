"""Reading and writing records; search; the audit chain; evidence chunks; lists and notices.

``Store`` is the facade the app, the reports and the CLI share; nothing else writes SQL.
"""

from advocate.store.changes import Change, ChangeSet
from advocate.store.listing import CaseRow, Cursor, ListQuery, Page
from advocate.store.reader import StoreReader
from advocate.store.repository import DeletePlan
from advocate.store.search import SearchHit
from advocate.store.store import CaseSummary, Deadline, Store
from advocate.store.verify import VerifyReport

__all__ = ["CaseRow", "CaseSummary", "Change", "ChangeSet", "Cursor", "Deadline", "DeletePlan",
           "ListQuery", "Page", "SearchHit", "Store", "StoreReader", "VerifyReport"]
