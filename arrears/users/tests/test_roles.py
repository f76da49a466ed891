"""Roles as groups with fixed permissions, creating users with a role, and API tokens."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from arrears.audit.models import AuditEvent
from arrears.core.errors import InvalidInput
from arrears.users import roles
from arrears.users.actions import authenticate_token, create_api_token, create_user, revoke_api_token
from arrears.users.models import ApiToken, User
from conftest import PASSWORD


def permissions_of(group: Group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


# --- role groups after migrate --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r, wanted in roles.ROLE_PERMISSIONS.items() if wanted != "*"])
def test_each_role_group_exists_after_migrate_with_exactly_its_permissions(db, role):
    assert permissions_of(Group.objects.get(name=role)) == roles.ROLE_PERMISSIONS[role]


def test_the_admin_group_has_every_permission_of_the_arrears_apps(db):
    every = {f"{p.content_type.app_label}.{p.codename}"
             for p in Permission.objects.filter(content_type__app_label__in=roles.ARREARS_APPS).select_related("content_type")}

    assert "accounts.import_placements" in every and "ledger.add_entry" in every
    assert permissions_of(Group.objects.get(name=roles.ADMIN)) == every


def test_there_is_one_group_per_role_and_no_other(db):
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLE_LABELS)


def test_what_each_role_may_do(collector, senior, supervisor, admin_user, acme_user):
    may = {
        user.username: {p for p in ("accounts.view_account", "accounts.work_account", "accounts.view_all_clients",
                                    "accounts.change_account_status", "accounts.import_placements",
                                    "audit.view_auditevent", "users.add_user")
                        if user.has_perm(p)}
        for user in (collector, senior, supervisor, admin_user, acme_user)
    }

    assert may["carla"] == {"accounts.view_account", "accounts.work_account", "accounts.view_all_clients"}
    assert may["sam"] == may["carla"] | {"accounts.change_account_status"}
    assert may["sue"] == may["sam"] | {"accounts.import_placements", "audit.view_auditevent"}
    assert may["ada"] == may["sue"] | {"users.add_user"}
    assert may["acme-viewer"] == {"accounts.view_account", "accounts.import_placements"}


def test_running_the_role_sync_again_changes_nothing(db):
    before = {g.name: permissions_of(g) for g in Group.objects.all()}
    state_apps = MigrationExecutor(connection).loader.project_state().apps

    roles.sync_role_groups(state_apps)

    assert {g.name: permissions_of(g) for g in Group.objects.all()} == before


# --- users --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "back_office"), [
    (roles.COLLECTOR, False), (roles.SENIOR_COLLECTOR, False), (roles.SUPERVISOR, True), (roles.ADMIN, True),
])
def test_a_staff_user_is_created_with_their_role_and_audited(db, supervisor, role, back_office):
    user = create_user("newhire", PASSWORD, role, supervisor, first_name="New", email="new@agency.example")

    user = User.objects.get(pk=user.pk)
    assert (user.role, user.client, user.is_staff, user.is_superuser) == (role, None, back_office, False)
    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="user.created", object_id=str(user.pk))
    assert (event.actor, event.after) == (supervisor, {"username": "newhire", "role": role, "client": None})


def test_a_client_user_is_created_for_their_client(client_acme, admin_user):
    user = create_user("acme-2", PASSWORD, roles.CLIENT_USER, admin_user, client=client_acme)

    assert (user.role, user.client, user.is_staff) == (roles.CLIENT_USER, client_acme, False)


def test_a_client_user_without_a_client_is_refused(db):
    with pytest.raises(InvalidInput, match="a client user needs a client") as refused:
        create_user("orphan", PASSWORD, roles.CLIENT_USER, None)

    assert refused.value.field == "client"
    assert not User.objects.filter(username="orphan").exists()


def test_a_staff_user_with_a_client_is_refused(client_acme):
    with pytest.raises(InvalidInput, match="only client users have one"):
        create_user("mixed", PASSWORD, roles.COLLECTOR, None, client=client_acme)

    assert not User.objects.filter(username="mixed").exists()


@pytest.mark.parametrize(("username", "password", "role", "field"), [
    ("newhire", PASSWORD, "boss", "role"),
    ("carla", PASSWORD, roles.COLLECTOR, "username"),
    ("newhire", "short", roles.COLLECTOR, "password"),
    ("newhire", "password123", roles.COLLECTOR, "password"),
])
def test_a_user_that_cannot_be_created_is_refused_naming_the_field(collector, username, password, role, field):
    before = User.objects.count()

    with pytest.raises(InvalidInput) as refused:
        create_user(username, password, role, None)

    assert refused.value.field == field
    assert User.objects.count() == before


# --- API tokens ---------------------------------------------------------------------------------------------


def test_a_new_api_token_authenticates_its_user_and_only_its_digest_is_stored(collector, admin_user):
    token, plain = create_api_token(collector, "  dialer integration ", admin_user)

    assert plain.startswith("arr_") and len(plain) > 40
    assert authenticate_token(plain) == collector
    stored = ApiToken.objects.get(pk=token.pk)
    assert (stored.name, stored.prefix) == ("dialer integration", plain[:12])
    assert plain not in stored.digest and stored.last_used_at is not None
    event = AuditEvent.objects.get(action="user.api_token_created")
    assert (event.actor, plain in str(event.after) + event.summary) == (admin_user, False)


def test_each_api_token_is_different(collector):
    tokens = {create_api_token(collector, f"token {n}", None)[1] for n in range(3)}

    assert len(tokens) == 3
    assert {authenticate_token(t) for t in tokens} == {collector}


def test_a_revoked_api_token_is_refused(collector, admin_user):
    token, plain = create_api_token(collector, "old dialer", admin_user)
    kept, kept_plain = create_api_token(collector, "new dialer", admin_user)

    revoke_api_token(token, admin_user)

    assert authenticate_token(plain) is None
    assert authenticate_token(kept_plain) == collector
    assert AuditEvent.objects.filter(action="user.api_token_revoked", object_id=str(token.pk)).count() == 1


@pytest.mark.parametrize("plain", ["", "arr_", "arr_not-a-real-token", "Bearer arr_x", "not-even-prefixed"])
def test_a_token_that_was_never_issued_is_refused(collector, plain):
    create_api_token(collector, "real", None)

    assert authenticate_token(plain) is None


def test_the_token_of_a_deactivated_user_is_refused(collector):
    _, plain = create_api_token(collector, "dialer", None)
    User.objects.filter(pk=collector.pk).update(is_active=False)

    assert authenticate_token(plain) is None


def test_an_api_token_needs_a_name(collector):
    with pytest.raises(InvalidInput, match="name the token"):
        create_api_token(collector, "  ", None)

    assert not ApiToken.objects.exists()
