"""The shape of the core's errors: a stable code per kind, words from the catalogue, facts kept."""

from __future__ import annotations

import errno
import importlib
import pickle
import pkgutil
from pathlib import Path

import advocate
from advocate.errors import (
    AdvocateError,
    ImportFormatError,
    Problem,
    StorageError,
    ValidationError,
    VaultTooNewError,
    WrongPassphraseError,
)
from advocate.i18n import N_, gettext_in


def _all_error_classes() -> list[type[AdvocateError]]:
    for module in pkgutil.walk_packages(advocate.__path__, "advocate."):
        if not module.name.startswith(("advocate.demo_run", "advocate.__main__")):
            importlib.import_module(module.name)
    found: list[type[AdvocateError]] = []
    todo = [AdvocateError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_error_with_words_has_its_own_stable_code() -> None:
    owners: dict[str, str] = {}
    for cls in _all_error_classes():
        if "template" not in vars(cls):
            continue  # a base, or a family whose raise sites give code and template
        assert "code" in vars(cls), f"{cls.__name__} has a template but inherits its code"
        assert cls.code not in owners, f"{cls.__name__} and {owners[cls.code]} share {cls.code}"
        owners[cls.code] = cls.__name__
    assert len(owners) > 40


def test_every_template_is_in_the_catalogue() -> None:
    for cls in _all_error_classes():
        if "template" in vars(cls) and cls is not AdvocateError:
            assert gettext_in("ru", cls.template) != cls.template, cls.__name__
            assert gettext_in("kk", cls.template) != cls.template, cls.__name__


def test_the_words_follow_the_language_the_facts_do_not() -> None:
    error = VaultTooNewError(Path("/cases.advocate"), 3, 1)
    assert error.code == "vault.too_new"
    assert error.params == {"path": Path("/cases.advocate"), "found": 3, "supported": 1}
    assert error.message == str(error) == error.text("en")
    assert "3" in error.text("kk") and "/cases.advocate" in error.text("ru")
    assert len({error.text("en"), error.text("ru"), error.text("kk")}) == 3


def test_an_error_survives_pickling_with_its_code_and_facts() -> None:
    error = pickle.loads(pickle.dumps(WrongPassphraseError(Path("/v.advocate"))))
    assert (type(error), error.code, error.path) == (WrongPassphraseError,
                                                     "vault.wrong_passphrase",
                                                     Path("/v.advocate"))
    family = pickle.loads(pickle.dumps(ValidationError("x.y", N_("A note needs a title or some "
                                                                 "text."), field="text")))
    assert (family.code, family.field) == ("x.y", "text")


def test_a_located_problem_keeps_its_code_and_names_the_place() -> None:
    inner = ValidationError("record.required", N_("The field {field} is required."),
                            field="title", record_kind="case")
    located = ImportFormatError.from_validation(inner.at("records[3]"), "records (id 7)")
    assert located.code == "record.required"
    assert located.params["field"] == "title"
    assert located.text("en") == "records (id 7): records[3]: The field title is required."
    assert located.text("ru").endswith(gettext_in("ru", inner.template).format(field="title"))


def test_a_problem_is_its_english_text_and_translates() -> None:
    problem = Problem("audit.entry_altered",
                      N_("Audit entry {seq} was altered (its hash does not match)."), seq=4)
    assert problem == "Audit entry 4 was altered (its hash does not match)."
    assert problem.code == "audit.entry_altered" and problem.params == {"seq": 4}
    assert "4" in problem.text("kk") and problem.text("kk") != problem
    assert pickle.loads(pickle.dumps(problem)).code == "audit.entry_altered"


def test_the_systems_reason_is_translated_when_it_is_a_known_refusal() -> None:
    full = StorageError.from_os(Path("/media/usb/x"), OSError(errno.ENOSPC, "No space left on "
                                                              "device"), "write")
    assert full.params["reason"] == "No space left on device"  # the fact, as the system said it
    assert "No space left on device" in full.text("en")
    assert gettext_in("ru", "no space left on the disk") in full.text("ru")
    assert gettext_in("kk", "no space left on the disk") in full.text("kk")
    odd = StorageError.from_os(None, OSError(errno.EXDEV, "Invalid cross-device link"), "move")
    assert "Invalid cross-device link" in odd.text("kk")  # unknown: the system's words stay
