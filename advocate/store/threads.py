"""One owner per connection: the decorator that makes every public method check its caller.

A SQLCipher connection is used by one thread at a time. The store's write connection belongs to
the thread that opened the store (or the one it was handed to with ``bind_to_current_thread``); a
reader's connection to the thread that opened the reader. A call from any other thread raises
``WrongThreadError`` before touching the connection, instead of nesting into the owner's open
transaction, where it would be lost if that transaction rolled back.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def owned_by_one_thread(*, exempt: frozenset[str] = frozenset()) -> Callable[[type[T]], type[T]]:
    """Wrap every public method of a class (inherited ones too) with ``self._check_thread``.

    Methods named in ``exempt`` (and class or static methods) are left as they are.
    """

    def decorate(cls: type[T]) -> type[T]:
        for name in dir(cls):
            if name.startswith("_") or name in exempt:
                continue
            raw = inspect.getattr_static(cls, name)
            if isinstance(raw, classmethod | staticmethod | property) or not callable(raw):
                continue
            setattr(cls, name, _checked(raw, name))
        return cls

    return decorate


def _checked(method: Callable[..., Any], name: str) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        self._check_thread(name)
        return method(self, *args, **kwargs)

    return wrapper
