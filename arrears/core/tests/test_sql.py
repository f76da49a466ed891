import pytest
from django.db import connection

from arrears.core.sql import fetch, fetch_in_order

pytestmark = pytest.mark.django_db


def _prepared(text: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{text}%"])
        return cursor.fetchone()[0]


def test_statements_run_in_the_current_transaction_and_return_their_rows():
    fetch("CREATE TEMPORARY TABLE scratch (n integer)")
    fetch("INSERT INTO scratch VALUES (%s), (%s)", [1, 2])
    assert fetch("SELECT n FROM scratch ORDER BY n") == [(1,), (2,)]
    assert fetch_in_order([("SELECT count(*) FROM scratch", []), ("SELECT max(n) FROM scratch", [])]) == [[(2,)], [(2,)]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_a_hot_statement_is_prepared_once_per_connection():
    for n in range(3):
        assert fetch("SELECT %s::integer + 40 AS answer_prepared", [n]) == [(n + 40,)]
    assert _prepared("answer_prepared") == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_with_prepared_statements_turned_off_for_a_pooler_nothing_is_prepared(monkeypatch):
    options = {k: v for k, v in connection.settings_dict.get("OPTIONS", {}).items() if k != "prepare_threshold"}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    for n in range(3):
        assert fetch("SELECT %s::integer + 40 AS answer_unprepared", [n]) == [(n + 40,)]
    assert fetch_in_order([("SELECT 1 AS piped_unprepared", [])]) == [[(1,)]]
    assert _prepared("answer_unprepared") == 0 and _prepared("piped_unprepared") == 0
