#!/usr/bin/env python3
"""Lists every user with the official Okta Python SDK (`okta` 3.4.x), the way that version pages:
`list_users(limit=..., after=cursor)` with the cursor from `PaginationHelper.extract_next_cursor`
(3.4 returns a plain ApiResponse with no `has_next()`/`next()`).

Reads ORG_URL, TOKEN and LIMIT (default 200) from the environment. Prints one JSON line:
{"items": N, "seconds": S, "peakRssKib": K}; seconds run from the first request to the last user;
peakRssKib is this process's ru_maxrss (KiB on Linux), the kernel's VmHWM.
"""

import asyncio
import json
import os
import resource
import sys
import time

# The SDK refuses a plain-http org URL unless this is set before the Client is built.
os.environ.setdefault("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")

from okta.client import Client  # noqa: E402
from okta.pagination import PaginationHelper  # noqa: E402


async def list_all(org_url, token, limit):
    count = 0
    async with Client({"orgUrl": org_url.rstrip("/"), "token": token}) as client:
        start = time.perf_counter()
        after = None
        while True:
            users, resp, err = await client.list_users(limit=limit, after=after)
            if err is not None:
                raise RuntimeError(f"list_users failed: {err}")
            count += len(users)
            after = PaginationHelper.extract_next_cursor(resp.headers)
            if not after:
                break
        seconds = time.perf_counter() - start
    return count, seconds


def main():
    org_url = os.environ.get("ORG_URL")
    token = os.environ.get("TOKEN")
    if not org_url or not token:
        print("ORG_URL and TOKEN must be set", file=sys.stderr)
        return 2
    limit = int(os.environ.get("LIMIT", "200"))
    count, seconds = asyncio.run(list_all(org_url, token, limit))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"items": count, "seconds": seconds, "peakRssKib": peak}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
