"""The translation catalogue: every string of the core and the app in Russian and Kazakh.

Fails on a string the sources use that the catalogue lacks, on a missing, empty or fuzzy
translation, on a placeholder that differs between languages, on a stale compiled ``.mo``, and on
a translatable string built with an f-string, ``%`` or concatenation (it could never match the
catalogue). ``make catalog`` brings the catalogue up to date.
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest

babel_messages = pytest.importorskip("babel.messages")
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import read_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
TRANSLATED = ("ru", "kk")
KEYWORDS = {
    "_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3), "pgettext_in": ((2, "c"), 3),
}
CALLS = {"_", "N_", "ngettext", "pgettext", "npgettext", "gettext_in", "pgettext_in"}
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[!:][^}]*)?\}")


def _source_ids() -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for folder in ("advocate", "ui"):
        if not (ROOT / folder).is_dir():
            continue
        for _path, _line, message, _comments, context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.add((context, msgid))
    return found


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    path = LOCALE / lang / "LC_MESSAGES" / "advocate.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_source_string_is_translated(lang: str) -> None:
    catalog = _catalog(lang)
    problems = []
    for context, msgid in sorted(_source_ids(), key=lambda x: (x[0] or "", x[1])):
        message = catalog.get(msgid, context=context)
        if message is None:
            problems.append(f"missing: {context or ''}|{msgid!r} (run make catalog)")
        elif message.fuzzy:
            problems.append(f"unfinished (fuzzy): {msgid!r}")
        elif not (all(message.string) if isinstance(message.string, tuple) else message.string):
            problems.append(f"not translated: {msgid!r}")
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_are_the_same_in_every_language(lang: str) -> None:
    problems = []
    for message in _catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if text and set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{ids[0]!r}: {sorted(wanted)} vs {text!r}")
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_compiled_catalogue_matches_its_source(lang: str) -> None:
    po = _catalog(lang)
    with (LOCALE / lang / "LC_MESSAGES" / "advocate.mo").open("rb") as handle:
        mo = read_mo(io.BytesIO(handle.read()))
    # note: plural forms come back as a tuple from the .po and as a list from the .mo.
    want = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): _forms(m.string)
            for m in po if m.id and m.string and not m.fuzzy}
    have = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): _forms(m.string)
            for m in mo if m.id}
    assert have == want, "the .mo is stale: run make catalog"


def _forms(string: object) -> object:
    return tuple(string) if isinstance(string, list | tuple) else string


def _bad_calls(tree: ast.AST) -> list[int]:
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else (
            node.func.attr if isinstance(node.func, ast.Attribute) else "")
        if name not in CALLS:
            continue
        for arg in node.args:
            if isinstance(arg, ast.JoinedStr | ast.BinOp) or (
                    isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute)
                    and arg.func.attr == "format"):
                bad.append(node.lineno)
    return bad


def test_no_translatable_string_is_built_before_translation() -> None:
    problems = []
    for folder in ("advocate", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = _bad_calls(ast.parse(path.read_text(encoding="utf-8")))
            problems += [f"{path.relative_to(ROOT)}:{n}" for n in lines]
    assert not problems, "f-string, % or + inside a translation call:\n" + "\n".join(problems)
