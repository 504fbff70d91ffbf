#!/usr/bin/env python3
"""Runs the official Okta Python SDK (`okta` 3.x) in PrivateKey mode, unchanged, against an org.

Reads ORG_URL, CLIENT_ID, PRIVATE_KEY (a PEM file path), SCOPES (space separated) and APP_LABEL
from the environment, and DPOP=true to turn on the SDK's DPoP (`dpopEnabled`). The service app
must be granted okta.users.read, okta.apps.read and okta.apps.manage but not okta.groups.read;
the app APP_LABEL must have at least one assigned user. Prints `ok - ...` per check and ends with `N passed, M failed`, like compat_okta.py.
"""

import asyncio
import os
import sys
import traceback

os.environ.setdefault("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")

from okta.client import Client  # noqa: E402
from okta.models import AppUserProfileRequestPayload, AppUserUpdateRequest  # noqa: E402


class CheckFailed(Exception):
    """One check did not hold."""


def split_result(result):
    if len(result) == 3:
        return result[0], result[1], result[2]
    return None, result[0], result[1]


async def call(what, awaitable):
    data, response, error = split_result(await awaitable)
    if error is not None:
        raise CheckFailed(f"{what} failed: {error}")
    return data, response


async def run_checks(passed):
    env = {k: os.environ.get(k) for k in ("ORG_URL", "CLIENT_ID", "PRIVATE_KEY", "SCOPES", "APP_LABEL")}
    missing = [k for k, v in env.items() if not v]
    if missing:
        raise CheckFailed(f"set {', '.join(missing)} in the environment")
    config = {
        "orgUrl": env["ORG_URL"].rstrip("/"),
        "authorizationMode": "PrivateKey",
        "clientId": env["CLIENT_ID"],
        "scopes": env["SCOPES"].split(),
        "privateKey": env["PRIVATE_KEY"],
    }
    if os.environ.get("DPOP") == "true":
        config["dpopEnabled"] = True
    async with Client(config) as client:
        users, _ = await call("list users", client.list_users())
        if not users:
            raise CheckFailed("list users returned no user")
        passed.append(f"list users with an access token ({len(users)} users)")

        apps, _ = await call("list apps", client.list_applications(q=env["APP_LABEL"]))
        if len(apps) != 1:
            raise CheckFailed(f"expected one app labelled {env['APP_LABEL']}, got {len(apps)}")
        app = apps[0]
        app_users, _ = await call("list app users", client.list_application_users(app.id))
        if not app_users:
            raise CheckFailed("the app has no assigned user")
        payload = AppUserProfileRequestPayload.from_dict({"profile": {"title": "PrivateKey"}})
        updated, _ = await call(
            "update app user",
            client.update_application_user(app.id, app_users[0].id, AppUserUpdateRequest(payload)),
        )
        title = (updated.profile or {}).get("title")
        if title != "PrivateKey":
            raise CheckFailed(f"app user title: expected 'PrivateKey', got {title!r}")
        passed.append("update an app user with an access token")

        data, _response, error = split_result(await client.list_groups())
        if error is None:
            raise CheckFailed(f"list groups without okta.groups.read succeeded: {data!r}")
        status = getattr(error, "status", None)
        code = getattr(error, "error_code", None)
        if (status, code) != (403, "E0000006"):
            raise CheckFailed(f"list groups: expected 403 E0000006, got {status} {code}")
        passed.append("a missing scope is 403 E0000006")


def main():
    passed = []
    try:
        asyncio.run(run_checks(passed))
        failed = 0
    except CheckFailed as failure:
        print(f"FAILED - {failure}", flush=True)
        failed = 1
    except Exception as crash:  # noqa: BLE001 - an SDK crash is a failed check
        traceback.print_exc(file=sys.stdout)
        print(f"FAILED - the SDK raised {type(crash).__name__}: {crash}", flush=True)
        failed = 1
    for name in passed:
        print(f"ok - {name}", flush=True)
    print(f"{len(passed)} passed, {failed} failed", flush=True)
    return failed


if __name__ == "__main__":
    sys.exit(main())
