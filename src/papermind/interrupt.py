"""Ctrl-C that cannot be lost: a SIGINT handler that records the interrupt before raising.

Python delivers SIGINT as a ``KeyboardInterrupt`` raised wherever the main thread happens to be.
When that is inside a finalizer (``__del__``, a weakref callback, a garbage-collection pass run
by a library), Python prints "Exception ignored in ..." and the interrupt is gone: the run
carries on and can report success. ``interrupt_flag`` installs a handler that sets an event
first, so a long job can check ``flag.is_set()`` between steps and report the interrupt even
when the exception itself was swallowed. ``flag.deferred()`` marks a short critical section (a
commit and its bookkeeping) in which the interrupt is only recorded, and raised when it ends.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Interrupt:
    """Whether an interrupt was asked for; ``deferred()`` holds it back during a critical section."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._depth = 0

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    @property
    def deferring(self) -> bool:
        return self._depth > 0

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Inside: a SIGINT is recorded, not raised. On a normal exit it is raised then."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._depth == 0 and self.is_set():
            raise KeyboardInterrupt


@contextmanager
def interrupt_flag() -> Iterator[Interrupt]:
    """An event set on SIGINT (and SIGTERM) for the duration of the block.

    Only the main thread can own signal handlers: elsewhere (a TUI worker) the event is returned
    but never set by a signal; a caller may set it to ask the job to stop. A SIGINT that was
    ignored when the block began (``nohup``, a background job) stays ignored."""
    flag = Interrupt()
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return

    def on_signal(signum: int, frame: FrameType | None) -> None:
        flag.set()
        if not flag.deferring:
            raise KeyboardInterrupt

    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(sig)
        if handler is signal.SIG_IGN:
            continue
        previous[sig] = handler
        signal.signal(sig, on_signal)
    try:
        yield flag
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
