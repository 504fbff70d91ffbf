#!/usr/bin/env python3
"""Runs the official Okta Python SDK (`okta` 3.x), unchanged, against an Okta-compatible org.

Reads ORG_URL and TOKEN from the environment. Every check prints one `ok - ...` line; the first
failed check prints `FAILED - ...`, the summary line and exits 1. Success ends with the summary
line `N passed, 0 failed`.

Object names carry a random run id so the script can run twice against the same org.
"""

import asyncio
import os
import sys
import traceback
import uuid

# The SDK refuses a plain-http org URL unless this is set, and it reads it while validating the
# configuration, so it must be in place before the Client is built.
os.environ.setdefault("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")

from okta.client import Client  # noqa: E402
from okta.models import (  # noqa: E402
    AddGroupRequest,
    AppUserAssignRequest,
    AppUserProfileRequestPayload,
    AppUserUpdateRequest,
    ApplicationGroupAssignment,
    BookmarkApplication,
    CreateUserRequest,
    UpdateUserRequest,
)
from okta.pagination import PaginationHelper  # noqa: E402

USERS_TO_PAGE = 7
PAGE_SIZE = 2
MISSING_USER_ID = "00u0000000000missing"


class CheckFailed(Exception):
    """One check did not hold; the message says which and why."""


class Tally:
    """Counts passed checks so the summary line is exact."""

    def __init__(self):
        self.passed = 0

    def ok(self, name):
        self.passed += 1
        print(f"ok - {name}", flush=True)


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def expect_eq(actual, expected, what):
    if actual != expected:
        raise CheckFailed(f"{what}: expected {expected!r}, got {actual!r}")


def enum_value(value):
    """SDK models hold enums; compare their wire value."""
    return getattr(value, "value", value)


def group_profile(group):
    """A group's profile is an anyOf wrapper in this SDK; the fields live on its actual_instance."""
    return group.profile.actual_instance


def split_result(result):
    """The SDK returns (data, response, error) or, for some operations, (response, error)."""
    if len(result) == 3:
        return result[0], result[1], result[2]
    return None, result[0], result[1]


async def call(what, awaitable):
    """Awaits an SDK call that must succeed and returns (data, response)."""
    data, response, error = split_result(await awaitable)
    if error is not None:
        raise CheckFailed(f"{what} failed: {error}")
    return data, response


async def expect_api_error(what, awaitable, status, code):
    """Awaits an SDK call that must fail with the given HTTP status and Okta errorCode."""
    data, _response, error = split_result(await awaitable)
    if error is None:
        raise CheckFailed(f"{what}: expected HTTP {status} {code}, got success ({data!r})")
    expect_eq(getattr(error, "status", None), status, f"{what}: error status")
    expect_eq(getattr(error, "error_code", None), code, f"{what}: errorCode")
    causes = getattr(error, "error_causes", None)
    expect(isinstance(causes, list), f"{what}: errorCauses should be a list, got {causes!r}")
    return error


def user_body(run, index):
    login = f"py-{run}-{index}@example.com"
    return {
        "profile": {
            "firstName": f"Py{index}",
            "lastName": f"Compat{run}",
            "email": login,
            "login": login,
        }
    }


async def check_users(client, tally, run):
    users = []
    for index in range(USERS_TO_PAGE):
        body = CreateUserRequest.from_dict(user_body(run, index))
        user, _ = await call(f"create user {index}", client.create_user(body))
        expect(user.id, f"created user {index} has no id")
        expect_eq(user.profile.login, f"py-{run}-{index}@example.com", "created login")
        users.append(user)
    tally.ok(f"create {USERS_TO_PAGE} users")

    ids = [user.id for user in users]
    seen = []
    pages = 0
    after = None
    while True:
        page, response = await call(
            f"list users page {pages + 1}", client.list_users(limit=PAGE_SIZE, after=after)
        )
        pages += 1
        expect(len(page) <= PAGE_SIZE, f"page {pages} has {len(page)} users, limit {PAGE_SIZE}")
        seen.extend(user.id for user in page)
        after = PaginationHelper.extract_next_cursor(response.headers)
        if not after:
            break
        expect(pages < 100, "pagination did not end after 100 pages")
    for user_id in ids:
        expect_eq(seen.count(user_id), 1, f"times user {user_id} was listed")
    expect_eq(len(seen), len(set(seen)), "users listed once each across pages")
    expect(pages >= USERS_TO_PAGE // PAGE_SIZE + 1, f"only {pages} page(s) fetched")
    tally.ok(f"list users with limit={PAGE_SIZE} follows {pages} pages, each user once")

    first = users[0]
    fetched, _ = await call("get user by id", client.get_user(first.id))
    expect_eq(fetched.id, first.id, "get by id")
    fetched, _ = await call("get user by login", client.get_user(first.profile.login))
    expect_eq(fetched.id, first.id, "get by login")
    tally.ok("get user by id and by login")

    partial = UpdateUserRequest.from_dict({"profile": {"nickName": "Partial"}})
    updated, _ = await call("partial update", client.update_user(first.id, partial))
    expect_eq(updated.profile.nick_name, "Partial", "nickName after partial update")
    expect_eq(updated.profile.first_name, "Py0", "firstName kept by partial update")
    tally.ok("partial update (POST) keeps absent profile properties")

    login = first.profile.login
    full = UpdateUserRequest.from_dict(
        {"profile": {"firstName": "Replaced", "lastName": "Whole", "email": login, "login": login}}
    )
    replaced, _ = await call("full update", client.replace_user(first.id, full))
    expect_eq(replaced.profile.first_name, "Replaced", "firstName after full update")
    expect_eq(replaced.profile.nick_name, None, "nickName removed by full update")
    fetched, _ = await call("get after full update", client.get_user(first.id))
    expect_eq(fetched.profile.last_name, "Whole", "lastName stored by full update")
    tally.ok("full update (PUT) replaces the profile")

    await call("deactivate user", client.deactivate_user(first.id))
    fetched, _ = await call("get deactivated user", client.get_user(first.id))
    expect_eq(enum_value(fetched.status), "DEPROVISIONED", "status after deactivate")
    _, response = await call("delete user", client.delete_user(first.id))
    expect_eq(response.status_code, 204, "delete user status")
    await expect_api_error("get deleted user", client.get_user(first.id), 404, "E0000007")
    tally.ok("deactivate then delete user; it is gone")

    error = await expect_api_error(
        "get missing user", client.get_user(MISSING_USER_ID), 404, "E0000007"
    )
    expect(error.error_summary, "404 error has an errorSummary")
    tally.ok("404 decodes to errorCode E0000007 with status 404")
    return users[1:]


async def check_groups(client, tally, run, members):
    name = f"py-{run}-group"
    body = AddGroupRequest.from_dict({"profile": {"name": name, "description": "created"}})
    group, _ = await call("create group", client.add_group(body))
    expect(group.id, "created group has no id")
    expect_eq(group_profile(group).name, name, "group name")
    fetched, _ = await call("get group", client.get_group(group.id))
    expect_eq(group_profile(fetched).description, "created", "group description")
    listed, _ = await call("list groups", client.list_groups(q=f"py-{run}"))
    expect_eq([g.id for g in listed], [group.id], "groups listed by q")
    tally.ok("create, get and list groups")

    body = AddGroupRequest.from_dict({"profile": {"name": name, "description": "replaced"}})
    replaced, _ = await call("update group", client.replace_group(group.id, body))
    expect_eq(group_profile(replaced).description, "replaced", "description after update")
    tally.ok("update group")

    member = members[0]
    _, response = await call("add member", client.assign_user_to_group(group.id, member.id))
    expect_eq(response.status_code, 204, "add member status")
    listed, _ = await call("list members", client.list_group_users(group.id))
    expect_eq([u.id for u in listed], [member.id], "members after add")
    _, response = await call("remove member", client.unassign_user_from_group(group.id, member.id))
    expect_eq(response.status_code, 204, "remove member status")
    listed, _ = await call("list members again", client.list_group_users(group.id))
    expect_eq(listed, [], "members after remove")
    tally.ok("add, list and remove group members")

    _, response = await call("delete group", client.delete_group(group.id))
    expect_eq(response.status_code, 204, "delete group status")
    await expect_api_error("get deleted group", client.get_group(group.id), 404, "E0000007")
    tally.ok("delete group; it is gone")


async def check_bookmark_app(client, tally, run, user):
    app = BookmarkApplication.from_dict(
        {
            "name": "bookmark",
            "label": f"py-{run}-bookmark",
            "signOnMode": "BOOKMARK",
            "settings": {"app": {"url": "https://example.com/bookmark", "requestIntegration": False}},
        }
    )
    created, _ = await call("create bookmark app", client.create_application(app))
    expect(created.id, "created app has no id")
    expect_eq(type(created).__name__, "BookmarkApplication", "decoded app class")
    expect_eq(enum_value(created.sign_on_mode), "BOOKMARK", "signOnMode")
    expect_eq(enum_value(created.status), "ACTIVE", "new app status")
    fetched, _ = await call("get app", client.get_application(created.id))
    expect_eq(fetched.label, f"py-{run}-bookmark", "app label")
    listed, _ = await call("list apps", client.list_applications(q=f"py-{run}"))
    expect_eq([a.id for a in listed], [created.id], "apps listed by q")
    tally.ok("create, get and list a bookmark app")

    assign = AppUserAssignRequest.from_dict({"id": user.id, "scope": "USER"})
    app_user, _ = await call("assign user", client.assign_user_to_application(created.id, assign))
    expect_eq(app_user.id, user.id, "assigned app user id")
    listed, _ = await call("list app users", client.list_application_users(created.id))
    expect_eq([u.id for u in listed], [user.id], "app users after assign")
    got, _ = await call("get app user", client.get_application_user(created.id, user.id))
    expect_eq(got.id, user.id, "got app user id")
    tally.ok("assign a user to the app, list and get the app user")

    payload = AppUserProfileRequestPayload.from_dict({"profile": {"title": "Compat"}})
    updated, _ = await call(
        "update app user",
        client.update_application_user(created.id, user.id, AppUserUpdateRequest(payload)),
    )
    expect_eq((updated.profile or {}).get("title"), "Compat", "app user profile title")
    tally.ok("update the app user's profile")

    _, response = await call(
        "unassign user", client.unassign_user_from_application(created.id, user.id)
    )
    expect_eq(response.status_code, 204, "unassign status")
    await expect_api_error(
        "get unassigned app user",
        client.get_application_user(created.id, user.id),
        404,
        "E0000007",
    )
    tally.ok("unassign the user; the app user is gone")

    await call("deactivate app", client.deactivate_application(created.id))
    fetched, _ = await call("get deactivated app", client.get_application(created.id))
    expect_eq(enum_value(fetched.status), "INACTIVE", "status after deactivate")
    _, response = await call("delete app", client.delete_application(created.id))
    expect_eq(response.status_code, 204, "delete app status")
    await expect_api_error("get deleted app", client.get_application(created.id), 404, "E0000007")
    tally.ok("deactivate and delete the app; it is gone")


async def check_group_app_and_password(client, tally, run, user):
    """Assigns an app to a group (the member gets a GROUP-scoped app user), then resets the
    member's password without email (a one-time link) and its factors."""
    body = AddGroupRequest.from_dict({"profile": {"name": f"py-{run}-app-group"}})
    group, _ = await call("create group for the app", client.add_group(body))
    await call("add member", client.assign_user_to_group(group.id, user.id))
    app = BookmarkApplication.from_dict(
        {
            "name": "bookmark",
            "label": f"py-{run}-group-app",
            "signOnMode": "BOOKMARK",
            "settings": {"app": {"url": "https://example.com/g", "requestIntegration": False}},
        }
    )
    app, _ = await call("create app for the group", client.create_application(app))
    assignment = ApplicationGroupAssignment.from_dict({"priority": 0, "profile": {"title": "Group"}})
    assigned, _ = await call(
        "assign group to app", client.assign_group_to_application(app.id, group.id, assignment)
    )
    expect_eq(assigned.id, group.id, "assigned group id")
    expect_eq(assigned.priority, 0, "assignment priority")
    listed, _ = await call("list app groups", client.list_application_group_assignments(app.id))
    expect_eq([a.id for a in listed], [group.id], "groups assigned to the app")
    fetched, _ = await call(
        "get app group", client.get_application_group_assignment(app.id, group.id)
    )
    expect_eq((fetched.profile or {}).get("title"), "Group", "assignment profile")
    apps, _ = await call("list group apps", client.list_assigned_applications_for_group(group.id))
    expect_eq([a.id for a in apps], [app.id], "apps of the group")
    app_user, _ = await call("get member's app user", client.get_application_user(app.id, user.id))
    expect_eq(enum_value(app_user.scope), "GROUP", "app user scope")
    tally.ok("assign a group to an app; its member gets a GROUP-scoped app user")

    _, response = await call(
        "unassign group", client.unassign_application_from_group(app.id, group.id)
    )
    expect_eq(response.status_code, 204, "unassign group status")
    await expect_api_error(
        "get app user after group unassign",
        client.get_application_user(app.id, user.id),
        404,
        "E0000007",
    )
    await call("deactivate group app", client.deactivate_application(app.id))
    await call("delete group app", client.delete_application(app.id))
    await call("delete app group", client.delete_group(group.id))
    tally.ok("unassign the group; the member's app user is gone")

    token, _ = await call("reset password", client.reset_password(user.id, send_email=False))
    expect("/reset_password/" in (token.reset_password_url or ""), "a one-time reset link")
    fetched, _ = await call("get user after reset", client.get_user(user.id))
    expect_eq(enum_value(fetched.status), "RECOVERY", "status after reset password")
    tally.ok("reset password without email returns a one-time link; the user is in RECOVERY")

    await call("reset factors", client.reset_factors(user.id))
    fetched, _ = await call("get user after reset factors", client.get_user(user.id))
    expect_eq(enum_value(fetched.status), "RECOVERY", "status kept by reset factors")
    tally.ok("reset factors keeps the user's status")


async def run_checks(tally):
    org_url = os.environ.get("ORG_URL")
    token = os.environ.get("TOKEN")
    if not org_url or not token:
        raise CheckFailed("ORG_URL and TOKEN must be set in the environment")
    run = uuid.uuid4().hex[:8]
    async with Client({"orgUrl": org_url.rstrip("/"), "token": token}) as client:
        remaining = await check_users(client, tally, run)
        await check_groups(client, tally, run, remaining)
        await check_bookmark_app(client, tally, run, remaining[1])
        await check_group_app_and_password(client, tally, run, remaining[2])


def main():
    tally = Tally()
    try:
        asyncio.run(run_checks(tally))
    except CheckFailed as failure:
        print(f"FAILED - {failure}", flush=True)
        print(f"{tally.passed} passed, 1 failed", flush=True)
        return 1
    except Exception as crash:  # noqa: BLE001 - an SDK crash is a failed check, reported plainly
        # The traceback shows which SDK code choked on which response, to tell a mock bug from ours.
        traceback.print_exc(file=sys.stdout)
        print(f"FAILED - the SDK raised {type(crash).__name__}: {crash}", flush=True)
        print(f"{tally.passed} passed, 1 failed", flush=True)
        return 1
    print(f"{tally.passed} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
