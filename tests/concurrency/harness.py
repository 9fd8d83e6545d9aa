"""Two (or more) callables released together, each on its own database connection.

Each callable runs in a thread that closes its connection when done; a
``threading.Barrier`` makes them start at the same moment. ``prepare`` runs in the thread
before the barrier (e.g. a view's read of the object it will edit); ``delays`` hold a
thread back after it, so a test can try both orders as well as the true tie. Returns, per callable,
``("ok", value)`` or ``("error", exception)``.
"""

import threading
import time

from django.db import connection


def race(*targets, prepare=None, delays=None, timeout=60):
    barrier = threading.Barrier(len(targets))
    outcomes = [None] * len(targets)

    def worker(index, target):
        try:
            state = prepare[index]() if prepare and prepare[index] else None
            barrier.wait(timeout=timeout)
            if delays and delays[index]:
                time.sleep(delays[index])  # lets the other side get in first on some rounds
            outcomes[index] = ("ok", target(state) if prepare and prepare[index] else target())
        except Exception as exc:  # reported to the test, which asserts on it
            outcomes[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout * 2)
    assert all(o is not None for o in outcomes), "a racing thread did not finish"
    return outcomes
