"""``make run`` until the desktop app exists: the whole product in the terminal, on invented data.

Creates a demo vault in a new temporary folder, lists its cases, searches it in two alphabets,
writes a complaint to the Ombudsman as PDF, backs the vault up and verifies the backup. The
passphrase is a fixed demo one (given in the README), because the data is fictional.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

from advocate.backup import verify_backup, write_backup
from advocate.demo import build_demo
from advocate.errors import AdvocateError
from advocate.reports import ComplaintOptions, Profile, ReportKind, ReportRequest, render_report
from advocate.store import Store
from advocate.vault import KdfParams

DEMO_PASSPHRASE = "demo — not for real cases"  # noqa: S105 — fictional data, given in the README


def run(folder: Path) -> None:
    """Build the demo in ``folder`` and show each step."""
    vault = folder / "demo.advocate"
    started = time.perf_counter()
    store, _ = Store.create(vault, DEMO_PASSPHRASE, kdf=KdfParams.calibrate())
    with store:
        counts = build_demo(store)
        # note: the demo passphrase is in the README, not printed: nothing prints passphrases
        print(f"Demo vault: {vault}  (the README says how to open it)")
        print("  " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
        print("\nCases:")
        for case in store.cases():
            print(f"  {case.reference:<14} {case.title[:60]:<60} threats {case.threats:>3}"
                  f"  actions {case.actions:>3}")
        for query in ("Айгерім", "Aigerim", "прокуратура"):
            hits = store.search(query, limit=5)
            print(f"\nSearch {query!r}: {len(hits)} shown")
            for hit in hits[:3]:
                print(f"  {hit.kind:<9} {hit.label[:70]}")
        main_case = max(store.cases(), key=lambda c: c.threats)
        case_file = store.case_file(main_case.id)
        draft = case_file.complaints[0]
        options = ComplaintOptions(**{f.name: getattr(draft, f.name)
                                      for f in fields(ComplaintOptions)})
        request = ReportRequest(
            kind=ReportKind.COMPLAINT, lang="ru", profile=Profile.OMBUDSMAN, complaint=options,
            generated_at=datetime.now(UTC), audit_head=store.audit_head())
        pdf = folder / "complaint-ru.pdf"
        stamp = render_report(case_file, request, pdf)
        store.record_issued_report(stamp.code, main_case.id, stamp.payload_json())
        print(f"\nComplaint to the Ombudsman: {pdf} (verification code {stamp.code})")
        backup = folder / "demo.advocate-backup"
        write_backup(store, backup, DEMO_PASSPHRASE)
    info = verify_backup(backup, DEMO_PASSPHRASE)
    print(f"Encrypted backup: {backup} ({info.size:,} bytes), verified: {info.records} records, "
          f"{info.evidence_files} evidence files")
    print(f"\nDone in {time.perf_counter() - started:.1f} s. The files stay in {folder}.")


def main() -> int:
    """Entry point of ``python -m advocate.demo_run``."""
    folder = Path(tempfile.mkdtemp(prefix="advocate-demo-"))
    try:
        run(folder)
    except AdvocateError as exc:
        print(f"advocate: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
