"""An import whose worker died is found by the sweep, failed with a readable reason, and can be retried
from the command line, the batch page or the API; a retried batch writes each row exactly once."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from arrears.accounts.models import Account, AccountDebtor
from arrears.placements.actions import process_placement_batch, receive_placement_file
from arrears.placements.models import PlacementBatch
from arrears.audit.models import AuditEvent
from arrears.core.scheduler import job_named, jobs, run
from arrears.debtors.models import Debtor, Phone
from arrears.ledger.models import Entry
from arrears.users import roles
from arrears.users.actions import create_api_token, create_user
from conftest import JOHN, MARIA, placement_csv

ANNA = ("A-1003,Anna,Berg,234-56-7890,1990-11-30,907 555 0100,landline,anna@example.net,9 Spruce Rd,Juneau,AK,99801,"
        "utility,80.25,0,0,2025-07-15,last_payment,,North Power")


class WorkerDied(BaseException):
    """What a killed worker amounts to for the import: it stops where it is, and its transaction is gone."""


def die_while(phase: str):
    def progress(current: str, done: int, total: int) -> None:
        if current == phase and (phase == "validate" or done > 0):
            raise WorkerDied
    return progress


def stuck_batch(client, phase="write", rows=(MARIA, JOHN, ANNA)) -> PlacementBatch:
    """A batch whose worker died while validating or writing it, as the database then holds it."""
    batch = receive_placement_file(client, "june.csv", placement_csv(*rows), None)
    with pytest.raises(WorkerDied):
        process_placement_batch(batch, progress=die_while(phase))
    batch.refresh_from_db()
    return batch


def bearer(user):
    _, plain = create_api_token(user, "test", None)
    return {"Authorization": f"Bearer {plain}"}


def test_a_retry_after_a_worker_died_while_writing_imports_each_row_exactly_once(client_acme, business_hours, capsys):
    batch = stuck_batch(client_acme)
    assert (batch.status, batch.attempts) == ("writing", 1)
    assert not Account.objects.exists() and not Debtor.objects.exists()  # the write is one transaction

    business_hours.shift(timedelta(minutes=11))
    call_command("placements", "sweep")
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert batch.message == "the import stopped: no progress since 13:00 EST; retry it"
    assert "#%d june.csv: the import stopped" % batch.pk in capsys.readouterr().out
    stopped = AuditEvent.objects.get(action="placement.stopped")
    assert (stopped.object_id, stopped.before["status"], stopped.actor_id) == (str(batch.pk), "writing", None)

    call_command("placements", "retry", str(batch.pk))

    batch.refresh_from_db()
    assert (batch.status, batch.attempts, batch.rows_imported) == ("imported", 2, 3), batch.report_csv
    assert sorted(Account.objects.values_list("client_account_number", flat=True)) == ["A-1001", "A-1002", "A-1003"]
    assert (Debtor.objects.count(), AccountDebtor.objects.count(), Phone.objects.count(), Entry.objects.count()) == (
        3, 3, 3, 3)
    assert AuditEvent.objects.filter(action="placement.retried", object_id=str(batch.pk)).count() == 1
    with pytest.raises(CommandError, match="only an import that failed or stopped can be retried"):
        call_command("placements", "retry", str(batch.pk))
    assert Account.objects.count() == 3


def test_the_sweep_leaves_a_batch_that_is_making_progress_alone(client_acme, business_hours):
    batch = stuck_batch(client_acme, phase="validate")
    assert batch.status == "validating"

    business_hours.shift(timedelta(minutes=9))
    call_command("placements", "sweep")
    batch.refresh_from_db()
    assert batch.status == "validating"

    business_hours.shift(timedelta(minutes=2))
    assert run(job_named("placements.sweep"), timezone.localdate()).result == {"stopped": [batch.pk], "queued_again": []}
    batch.refresh_from_db()
    assert batch.status == "failed" and "no progress since 13:00 EST" in batch.message


def test_the_sweep_is_a_periodic_job_of_the_worker():
    assert "placements.sweep" in [job.name for job in jobs()]
    assert job_named("placements.sweep").every == "minutes"


@pytest.mark.django_db(transaction=True)  # the worker runs the import in its own transactions
def test_an_import_whose_task_never_reached_the_worker_is_queued_again_by_the_sweep(client_acme, business_hours):
    # Stored but never handed to the worker (the task was lost): it would wait as "queued" forever.
    batch = receive_placement_file(client_acme, "lost.csv", placement_csv(MARIA, JOHN), None)
    assert run(job_named("placements.sweep"), timezone.localdate()).result["queued_again"] == []  # not yet

    business_hours.shift(timedelta(minutes=11))
    swept = run(job_named("placements.sweep"), timezone.localdate(), key="placements.sweep:later")
    assert swept.result["queued_again"] == [batch.pk]
    call_command("worker", batch=True, verbosity=0)

    batch.refresh_from_db()
    assert (batch.status, batch.rows_imported, batch.attempts) == ("imported", 2, 1)


def test_the_stale_time_can_be_configured(client_acme, business_hours, settings):
    batch = stuck_batch(client_acme)
    settings.PLACEMENT_STALE_MINUTES = 30
    business_hours.shift(timedelta(minutes=11))
    call_command("placements", "sweep")
    batch.refresh_from_db()
    assert batch.status == "writing"
    call_command("placements", "sweep", "--stale-minutes", "5")
    batch.refresh_from_db()
    assert batch.status == "failed"


def test_the_list_command_shows_each_batch_with_its_status_and_attempts(client_acme, place, capsys):
    done = place(client_acme, MARIA)
    call_command("placements", "list")
    out = capsys.readouterr().out
    assert f"#{done.pk}" in out and "imported" in out and "attempts 1" in out


def test_an_import_that_finished_cannot_be_retried(client_acme, place):
    done = place(client_acme, MARIA)
    with pytest.raises(CommandError, match="is imported; only an import that failed or stopped"):
        call_command("placements", "retry", str(done.pk))


# --- the batch page ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_retry_button_queues_a_stopped_import_and_the_worker_imports_it_once(
    role_groups, supervisor, client_acme, business_hours
):
    batch = stuck_batch(client_acme)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(supervisor)
    page = browser.get(f"/placements/{batch.pk}/").content.decode()
    assert "Retry the import" not in page  # still within its time: it may be running

    business_hours.shift(timedelta(minutes=11))
    page = browser.get(f"/placements/{batch.pk}/").content.decode()
    assert "The import stopped: no progress since 13:00 EST (agency); retry it." in page
    assert "Retry the import" in page
    assert browser.post(f"/placements/{batch.pk}/retry").status_code == 403  # no CSRF token
    token = browser.cookies["csrftoken"].value
    response = browser.post(f"/placements/{batch.pk}/retry", headers={"X-CSRFToken": token})
    assert response.status_code == 302 and response["Location"] == f"/placements/{batch.pk}/"
    batch.refresh_from_db()
    assert batch.status == "queued"

    call_command("worker", batch=True, verbosity=0)

    batch.refresh_from_db()
    assert (batch.status, batch.rows_imported, batch.attempts) == ("imported", 3, 2)
    assert Account.objects.count() == 3 and Debtor.objects.count() == 3
    assert "Retry the import" not in browser.get(f"/placements/{batch.pk}/").content.decode()


def test_only_a_role_that_may_retry_sees_the_button_and_may_post(client, collector, acme_user, client_acme, business_hours):
    batch = stuck_batch(client_acme)
    business_hours.shift(timedelta(minutes=11))
    call_command("placements", "sweep")

    client.force_login(acme_user)  # a client user of the batch's client: sees the batch, may not retry it
    assert "Retry the import" not in client.get(f"/placements/{batch.pk}/").content.decode()
    assert client.post(f"/placements/{batch.pk}/retry").status_code == 403
    client.force_login(collector)
    assert client.post(f"/placements/{batch.pk}/retry").status_code in (403, 404)
    batch.refresh_from_db()
    assert batch.status == "failed"


def test_a_client_user_of_another_client_gets_404_for_the_retry(client, client_acme, client_beta, business_hours):
    batch = stuck_batch(client_acme)
    business_hours.shift(timedelta(minutes=11))
    call_command("placements", "sweep")
    beta_user = create_user("beta-viewer", "correct-horse-battery", roles.CLIENT_USER, None, client=client_beta)

    client.force_login(beta_user)
    assert client.get(f"/placements/{batch.pk}/").status_code == 404
    assert client.post(f"/placements/{batch.pk}/retry").status_code == 404
    response = Client().post(f"/api/v1/placements/{batch.pk}/retry", headers=bearer(beta_user))
    assert response.status_code == 404
    batch.refresh_from_db()
    assert batch.status == "failed"


# --- the API ----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_api_retries_a_failed_import_and_the_worker_imports_it_once(role_groups, supervisor, client_acme,
                                                                        business_hours):
    batch = stuck_batch(client_acme)
    business_hours.shift(timedelta(minutes=11))
    call_command("placements", "sweep")
    api = Client()
    headers = bearer(supervisor)
    assert api.get(f"/api/v1/placements/{batch.pk}", headers=headers).json()["status"] == "failed"

    response = api.post(f"/api/v1/placements/{batch.pk}/retry", headers=headers)
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    call_command("worker", batch=True, verbosity=0)

    body = api.get(f"/api/v1/placements/{batch.pk}", headers=headers).json()
    assert (body["status"], body["rows_imported"], body["attempts"]) == ("imported", 3, 2)
    again = api.post(f"/api/v1/placements/{batch.pk}/retry", headers=headers)
    assert again.status_code == 409 and "only an import that failed or stopped" in again.json()["detail"]
    assert Account.objects.count() == 3


def test_the_api_refuses_a_retry_to_a_role_that_may_not(client_acme, acme_user, collector, business_hours):
    batch = stuck_batch(client_acme)
    business_hours.shift(timedelta(minutes=11))
    api = Client()
    assert api.post(f"/api/v1/placements/{batch.pk}/retry", headers=bearer(acme_user)).status_code == 403
    assert api.post(f"/api/v1/placements/{batch.pk}/retry", headers=bearer(collector)).status_code in (403, 404)
    batch.refresh_from_db()
    assert batch.status == "writing"


RETRY_BUDGET = 14  # sign-in, the batch, the conditional requeue, its audit row, the task row


def test_a_retry_stays_within_its_query_budget_on_the_page_and_the_api(client, role_groups, supervisor,
                                                                       client_acme, business_hours):
    first, second = stuck_batch(client_acme), stuck_batch(client_acme, rows=(JOHN,))
    business_hours.shift(timedelta(minutes=11))
    call_command("placements", "sweep")
    client.force_login(supervisor)
    headers = bearer(supervisor)

    with CaptureQueriesContext(connection) as page:
        assert client.post(f"/placements/{first.pk}/retry").status_code == 302
    with CaptureQueriesContext(connection) as api:
        assert client.post(f"/api/v1/placements/{second.pk}/retry", headers=headers).status_code == 202

    assert len(page) <= RETRY_BUDGET, [q["sql"][:80] for q in page.captured_queries]
    assert len(api) <= RETRY_BUDGET, [q["sql"][:80] for q in api.captured_queries]
