"""Calling the facade from TUI workers, tolerating services that have not landed yet.

Every call here runs in a thread worker (never on the event loop). A service or method that does
not exist yet raises :class:`NotAvailable` (a ``PapermindError``), which the screens show as a
"not available yet" state instead of crashing.
"""

from __future__ import annotations

from typing import Any

from papermind.errors import PapermindError


class NotAvailable(PapermindError):
    """A service (or one of its methods) is not available in this build yet."""


def service(api: Any, name: str) -> Any:
    """``api.<name>`` or :class:`NotAvailable` when the facade has no such service yet."""
    try:
        return getattr(api, name)
    except (AttributeError, ImportError, ModuleNotFoundError) as exc:
        raise NotAvailable(
            f"{name} is not available yet",
            "this part of papermind is still being written",
        ) from exc


def method(api: Any, name: str, meth: str) -> Any:
    """The bound method ``api.<name>.<meth>``, or :class:`NotAvailable`."""
    svc = service(api, name)
    fn = getattr(svc, meth, None)
    if fn is None or not callable(fn):
        raise NotAvailable(
            f"{name}.{meth} is not available yet",
            "this part of papermind is still being written",
        )
    return fn


def has(api: Any, name: str, meth: str) -> bool:
    """Whether ``api.<name>.<meth>`` exists (cheap: it does not open the store)."""
    try:
        method(api, name, meth)
    except NotAvailable:
        return False
    return True


def field(obj: Any, *names: str, default: Any = None) -> Any:
    """The first attribute (or mapping key) of ``obj`` among ``names``; tolerant of renames."""
    for n in names:
        if isinstance(obj, dict):
            if n in obj:
                return obj[n]
        elif hasattr(obj, n):
            return getattr(obj, n)
    return default
