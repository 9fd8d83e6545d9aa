"""Registry of demo-data builders for ``python manage.py seed_demo``.

Each app registers a function ``seed(ctx)`` with an order. Builders must be
idempotent for the same day (use natural keys with get_or_create): running the
command twice on the same day changes nothing. Dates are relative to ``ctx.today``.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

_seeders: list = []


@dataclass
class SeedContext:
    today: dt.date
    rng: random.Random
    logins: list = field(default_factory=list)  # (role label, username, password)
    notes: list = field(default_factory=list)
    data: dict = field(default_factory=dict)  # shared between builders (e.g. departments by name)

    @property
    def last_year(self) -> int:
        return self.today.year - 1


def register_seeder(order: int, name: str):
    def decorator(func):
        _seeders.append((order, name, func))
        return func

    return decorator


def seeders():
    return sorted(_seeders, key=lambda item: item[0])
