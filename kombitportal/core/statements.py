"""The SQL of the reads every list page makes, kept per process. Writing a query's SQL with the ORM
costs more than the database takes to answer it, and the SQL of one list (user, municipality,
filter, page, day) or of its filter options never changes, so it is written once and only the
answer is read on each request. It holds SQL and parameters only, never rows; the keys of what a
user may see start with `scoping.scope_key(user)`, so a change of their scope is a new key."""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

Statement = tuple[str, tuple]


class StatementCache:
    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, Statement | None] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, write: Callable[[], QuerySet]) -> Statement | None:
        """The SQL of the queryset `write()` makes, written once per key; None when the queryset
        can match nothing (Django then sends no SQL at all)."""
        key = (connection.vendor, key)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        try:
            statement: Statement | None = write().query.sql_with_params()
        except EmptyResultSet:
            statement = None
        with self._lock:
            self._entries[key] = statement
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return statement

    def rows(self, key: Hashable, write: Callable[[], QuerySet]) -> list[tuple]:
        """The rows of the queryset `write()` makes, its SQL written once per key."""
        return fetch_all(self.get(key, write))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def fetch_all(statement: Statement | None) -> list[tuple]:
    """The rows of a kept statement (none for a statement that can match nothing)."""
    if statement is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return cursor.fetchall()
