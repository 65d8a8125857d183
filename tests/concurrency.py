"""Transactions at the same moment, for the PostgreSQL concurrency tests."""
from __future__ import annotations

import threading
from typing import Callable, ContextManager, Sequence

from sqlalchemy.orm import Session


def at_once(session: Callable[[], ContextManager[Session]], works: Sequence[Callable[[Session], object]]
            ) -> list[Exception]:
    """Run each ``work(s)`` in a thread and session of its own, all released together inside their
    sessions (so their transactions overlap); the exceptions raised, in no order."""
    gate, errors = threading.Barrier(len(works)), []

    def run(work):
        try:
            with session() as s:
                gate.wait()
                work(s)
        except Exception as exc:  # noqa: BLE001 - returned to the test, which asserts on them
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
