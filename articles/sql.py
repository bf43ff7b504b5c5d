"""Small SQL helpers for what the ORM cannot say portably."""

from django.db import connection


def union_of_ids(querysets):
    """
    The ids from several `values("pk")[:n]` querysets, in one UNION ALL query.

    Each queryset keeps its own ORDER BY and LIMIT (wrapped as a subquery,
    which SQLite and PostgreSQL both accept), so each part is read off its
    own index; `pk__in=a | pk__in=b` instead makes PostgreSQL scan the table.
    """
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part{index}")
        params.extend(part_params)
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [row[0] for row in cursor.fetchall()]
