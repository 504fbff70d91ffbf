#!/usr/bin/env python3
"""Runs the official Okta Python SDK's own 429 handling against an org that rate-limits it.

Meant for an org whose "get user" limit is 1 request a minute (tests/tests/official_sdks.rs
sets one up): the second get is refused with 429, and the SDK must wait `X-Rate-Limit-Reset -
Date + 1` seconds by itself and retry successfully. Reads ORG_URL and TOKEN from the environment
and prints `ok - ...` lines and the summary `N passed, M failed`, like compat_okta.py.
"""

import asyncio
import os
import sys
import time
import traceback
import uuid

os.environ.setdefault("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")

from okta.client import Client  # noqa: E402
from okta.models import CreateUserRequest  # noqa: E402

# The SDK waits Reset - Date + 1 s; with Reset at least one second after Date that is >= 2 s.
MIN_BACKOFF_SECONDS = 1.5


class CheckFailed(Exception):
    """One check did not hold; the message says which and why."""


async def run_checks(passed):
    org_url = os.environ.get("ORG_URL")
    token = os.environ.get("TOKEN")
    if not org_url or not token:
        raise CheckFailed("ORG_URL and TOKEN must be set in the environment")
    login = f"py-retry-{uuid.uuid4().hex[:8]}@example.com"
    body = CreateUserRequest.from_dict(
        {"profile": {"firstName": "Py", "lastName": "Retry", "email": login, "login": login}}
    )
    async with Client({"orgUrl": org_url.rstrip("/"), "token": token}) as client:
        user, _, error = await client.create_user(body)
        if error is not None:
            raise CheckFailed(f"create user failed: {error}")
        # Uses the only "get user" request of this minute.
        _, _, error = await client.get_user(user.id)
        if error is not None:
            raise CheckFailed(f"first get failed: {error}")
        passed.append("the first get within the limit succeeds")

        started = time.monotonic()
        fetched, _, error = await client.get_user(login)
        waited = time.monotonic() - started
        if error is not None:
            raise CheckFailed(f"the rate-limited get was not retried to success: {error}")
        if fetched.id != user.id:
            raise CheckFailed(f"the retried get returned {fetched.id!r}, expected {user.id!r}")
        if waited < MIN_BACKOFF_SECONDS:
            raise CheckFailed(f"the SDK retried after {waited:.2f} s, before the reset")
        passed.append(f"a 429 is retried by the SDK after {waited:.1f} s and succeeds")


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
