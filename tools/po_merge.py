"""A git merge driver for the translation catalogues (resources/locale/*/LC_MESSAGES/*.po).

Several people add strings to the same .po files at once; a line-based merge turns every pair of
neighbouring new entries into a conflict. This driver merges by message instead: the union of both
sides' messages, and for a message both sides changed, the side that has a translation (ours when
both do). ``make catalog`` afterwards re-extracts, drops what the sources no longer use and
recompiles. Installed by ``make merge-driver`` (.gitattributes names it).

Usage (by git): python tools/po_merge.py BASE OURS THEIRS   — writes the result to OURS.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def _read(path: str) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle)


def _translated(message: object) -> bool:
    string = getattr(message, "string", "")
    return bool(all(string) if isinstance(string, tuple) else string) and not getattr(
        message, "fuzzy", False)


def merge(ours: Catalog, theirs: Catalog) -> Catalog:
    """Ours, plus every message only theirs has, plus their translation where ours has none."""
    for message in theirs:
        if not message.id:
            continue
        mine = ours.get(message.id, context=message.context)
        if mine is None:
            ours[message.id] = message
        elif not _translated(mine) and _translated(message):
            mine.string = message.string
            mine.flags = set(message.flags)
    return ours


def main(argv: list[str]) -> int:
    _base, ours_path, theirs_path = argv[1:4]
    merged = merge(_read(ours_path), _read(theirs_path))
    with Path(ours_path).open("wb") as handle:
        write_po(handle, merged, sort_output=True, omit_header=False, width=76)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
