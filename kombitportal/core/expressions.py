"""Query expressions the ORM lacks on Django 5.2, for SQLite and PostgreSQL alike."""

from django.db.models import Aggregate, CharField, Func, IntegerField, Subquery, Value

SEPARATOR = "\x1f"  # the ASCII unit separator: never part of a name


class Joined(Aggregate):
    """A group's texts joined with SEPARATOR, in no defined order (split_joined reads them):
    SQLite's GROUP_CONCAT, PostgreSQL's STRING_AGG. Django 6.0 brings a portable StringAgg."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(SEPARATOR), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def split_joined(value: str | None) -> list[str]:
    """The texts of a Joined value, sorted."""
    return sorted(value.split(SEPARATOR)) if value else []


# COUNT(*), not COUNT(id): PostgreSQL can then count from an index alone, as it cannot when it
# must read each row's id.
_COUNT_ALL = Func(template="COUNT(*)", output_field=IntegerField())


def count_of(queryset) -> Subquery:
    """The number of rows of `queryset` as a scalar subquery: the database evaluates it once, so a
    page of rows and their total come in one query (cheaper than COUNT(*) OVER (), which makes
    the database carry every row's columns to the end)."""
    counted = queryset.order_by().annotate(n=_COUNT_ALL).values("n")
    return Subquery(counted, output_field=IntegerField())
