#!/usr/bin/env python3
"""Reads and enrolls a user's MFA factors on okta-mock with the official Okta Python SDK, unchanged.

The Rust test starts the mock with a user (`py-factors@example.com`) who enrolled a Google
Authenticator TOTP factor in its scenario. The script finds that user by login, lists its
factors (typed `UserFactor`s: type, provider, status, times) and reads the one by id; then
creates a user of its own, whose list is empty, enrolls a security question through the SDK,
lists and reads it, unenrolls it and decodes the 404 that follows. Reads ORG_URL and TOKEN from
the environment and prints `ok - ...` lines and the summary `N passed, M failed`, like
compat_okta.py.
"""

import asyncio
import os
import sys
import traceback
import uuid

os.environ.setdefault("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")

from okta.client import Client  # noqa: E402
from okta.models import CreateUserRequest, UserFactor  # noqa: E402

SCENARIO_LOGIN = "py-factors@example.com"


class CheckFailed(Exception):
    """One check did not hold; the message says which and why."""


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def wire(value):
    """An enum's wire value (the SDK gives enums or plain strings)."""
    return str(getattr(value, "value", value))


async def run_checks(passed):
    org_url = os.environ.get("ORG_URL")
    token = os.environ.get("TOKEN")
    expect(org_url and token, "ORG_URL and TOKEN must be set in the environment")
    async with Client({"orgUrl": org_url.rstrip("/"), "token": token}) as client:
        user, _, error = await client.get_user(SCENARIO_LOGIN)
        expect(error is None, f"get user {SCENARIO_LOGIN} failed: {error}")
        factors, _, error = await client.list_factors(user.id)
        expect(error is None, f"list_factors failed: {error}")
        expect(len(factors) == 1, f"{len(factors)} factors, expected 1")
        totp = factors[0]
        expect(wire(totp.factor_type) == "token:software:totp", f"type {totp.factor_type!r}")
        expect(wire(totp.provider) == "GOOGLE", f"provider {totp.provider!r}")
        expect(wire(totp.status) == "ACTIVE", f"status {totp.status!r}")
        expect(str(totp.created).startswith("2023-05-01"), f"created {totp.created!r}")
        passed.append("the SDK lists a scenario user's TOTP factor with its type, provider and times")

        one, _, error = await client.get_factor(user.id, totp.id)
        expect(error is None, f"get_factor failed: {error}")
        expect(one.id == totp.id, f"get_factor id {one.id!r}")
        passed.append("the SDK reads the factor by id")

        login = f"py-factors-{uuid.uuid4().hex[:8]}@example.com"
        body = CreateUserRequest.from_dict(
            {
                "profile": {"firstName": "Py", "lastName": "Factors", "email": login, "login": login},
                "credentials": {"password": {"value": "Tr0ub4dor&3-correct-horse"}},
            }
        )
        mine, _, error = await client.create_user(body)
        expect(error is None, f"create user failed: {error}")
        empty, _, error = await client.list_factors(mine.id)
        expect(error is None and len(empty) == 0, f"a new user's factors: {empty!r} {error}")
        passed.append("a new user's factor list is empty")

        question = UserFactor.from_dict(
            {
                "factorType": "question",
                "provider": "OKTA",
                "profile": {"question": "disliked_food", "answer": "mayonnaise"},
            }
        )
        enrolled, _, error = await client.enroll_factor(mine.id, question)
        expect(error is None, f"enroll_factor failed: {error}")
        expect(wire(enrolled.status) == "ACTIVE", f"enrolled status {enrolled.status!r}")
        listed, _, error = await client.list_factors(mine.id)
        expect(error is None, f"list_factors failed: {error}")
        expect([f.id for f in listed] == [enrolled.id], f"listed {listed!r}")
        expect(wire(listed[0].factor_type) == "question", f"type {listed[0].factor_type!r}")
        passed.append("the SDK enrolls a security question and lists it active")

        _, _, error = await client.unenroll_factor(mine.id, enrolled.id)
        expect(error is None, f"unenroll_factor failed: {error}")
        _, _, error = await client.get_factor(mine.id, enrolled.id)
        expect(error is not None, "the unenrolled factor is still there")
        code = getattr(error, "error_code", None) or str(error)
        expect("E0000007" in str(code), f"error {error!r}")
        passed.append("the SDK unenrolls the factor and decodes the 404 that follows")


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
