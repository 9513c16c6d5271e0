"""Query expressions the ORM lacks on Django 5.2, for SQLite and PostgreSQL alike."""

from django.db.models import F, Func, IntegerField, Subquery


def count_of(queryset) -> Subquery:
    """The number of rows of `queryset` as a scalar subquery: the database evaluates it once, so a
    page of rows and their total come in one query (cheaper than COUNT(*) OVER (), which makes
    the database carry every row's columns to the end)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())
