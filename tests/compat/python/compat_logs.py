#!/usr/bin/env python3
"""Reads the System Log of okta-mock with the official Okta Python SDK, unchanged.

Creates a user, suspends and unsuspends it through the SDK, then lists the log events the mock
recorded for it: typed `LogEvent`s with their event type, message, uuid, time, actor, target,
outcome and transaction; a filtered request, and a bounded request paged two at a time through
the SDK's own `next` handling. Reads ORG_URL and TOKEN from the environment and prints
`ok - ...` lines and the summary `N passed, M failed`, like compat_okta.py.
"""

import asyncio
import os
import sys
import traceback
import uuid

os.environ.setdefault("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")

from okta.client import Client  # noqa: E402
from okta.models import CreateUserRequest  # noqa: E402
from okta.pagination import PaginationHelper  # noqa: E402

SINCE = "2000-01-01T00:00:00.000Z"
UNTIL = "2999-01-01T00:00:00.000Z"


class CheckFailed(Exception):
    """One check did not hold; the message says which and why."""


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


async def all_pages(client, **params):
    """Every event of a request, following the next links' cursors as the SDK reads them."""
    found, pages, after = [], 0, None
    while pages < 20:
        events, resp, error = await client.list_log_events(after=after, **params)
        expect(error is None, f"list_log_events({params}, after={after}) failed: {error}")
        found.extend(events)
        pages += 1
        after = PaginationHelper.extract_next_cursor(resp.headers)
        if not after:
            return found, pages
    raise CheckFailed("a bounded request did not end after 20 pages")


async def run_checks(passed):
    org_url = os.environ.get("ORG_URL")
    token = os.environ.get("TOKEN")
    expect(org_url and token, "ORG_URL and TOKEN must be set in the environment")
    login = f"py-logs-{uuid.uuid4().hex[:8]}@example.com"
    body = CreateUserRequest.from_dict(
        {
            "profile": {"firstName": "Py", "lastName": "Logs", "email": login, "login": login},
            "credentials": {"password": {"value": "Tr0ub4dor&3-correct-horse"}},
        }
    )
    async with Client({"orgUrl": org_url.rstrip("/"), "token": token}) as client:
        user, _, error = await client.create_user(body)
        expect(error is None, f"create user failed: {error}")
        for op in (client.suspend_user, client.unsuspend_user):
            _, _, error = await op(user.id)
            expect(error is None, f"{op.__name__} failed: {error}")

        about_user = f'target.id eq "{user.id}"'
        events, _ = await all_pages(client, since=SINCE, until=UNTIL, filter=about_user)
        types = [e.event_type for e in events]
        expected = [
            "user.lifecycle.create",
            "user.lifecycle.activate",
            "user.lifecycle.suspend",
            "user.lifecycle.unsuspend",
        ]
        expect(types == expected, f"event types {types}, expected {expected}")
        passed.append("the SDK lists the user's events, in order, filtered by target.id")

        suspend = events[2]
        expect(suspend.display_message == "Suspend Okta user", f"message {suspend.display_message!r}")
        expect(len(suspend.uuid) == 36, f"uuid {suspend.uuid!r}")
        expect(suspend.published is not None, "no published time")
        expect(str(suspend.version) == "0", f"version {suspend.version!r}")
        expect(str(getattr(suspend.severity, "value", suspend.severity)) == "INFO", f"severity {suspend.severity!r}")
        expect(suspend.outcome.result == "SUCCESS", f"outcome {suspend.outcome!r}")
        expect(suspend.transaction.type == "WEB" and suspend.transaction.id, "transaction")
        target = suspend.target[0]
        expect(target.id == user.id, f"target id {target.id!r}")
        expect(target.type == "User", f"target type {target.type!r}")
        expect(target.alternate_id == login, f"target alternateId {target.alternate_id!r}")
        expect(target.display_name == "Py Logs", f"target displayName {target.display_name!r}")
        expect(suspend.actor.type == "User" and suspend.actor.id, f"actor {suspend.actor!r}")
        passed.append("a LogEvent decodes with its message, uuid, time, actor, target and outcome")

        typed = f'eventType eq "user.lifecycle.suspend" and target.id eq "{user.id}"'
        only, _, error = await client.list_log_events(since=SINCE, until=UNTIL, filter=typed)
        expect(error is None, f"filtered list failed: {error}")
        expect([e.uuid for e in only] == [suspend.uuid], "eventType filter")
        passed.append("an eventType and target.id filter selects the one event")

        paged, pages = await all_pages(client, since=SINCE, until=UNTIL, limit=2)
        expect(pages >= 2, f"{pages} page(s) for {len(paged)} events two a page")
        uuids = [e.uuid for e in paged]
        expect(len(uuids) == len(set(uuids)), "an event was listed twice")
        expect(set(e.uuid for e in events) <= set(uuids), "paging lost events")
        passed.append(f"a bounded request pages through {len(paged)} events in {pages} pages and ends")


def main():
    passed = []
    try:
        asyncio.run(run_checks(passed))
    except Exception as failure:  # noqa: BLE001 - any failure ends the run with a plain report
        if not isinstance(failure, CheckFailed):
            traceback.print_exc(file=sys.stdout)
        for name in passed:
            print(f"ok - {name}")
        print(f"FAILED - {failure}")
        print(f"{len(passed)} passed, 1 failed")
        return 1
    for name in passed:
        print(f"ok - {name}")
    print(f"{len(passed)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
