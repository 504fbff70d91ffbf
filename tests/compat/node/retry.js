#!/usr/bin/env node
/*
 * Runs the official Okta Node SDK's own 429 handling against an org that rate-limits it.
 *
 * Meant for an org whose "get user" limit is 1 request a minute (tests/tests/official_sdks.rs
 * sets one up): the second get is refused with 429, and the SDK must wait
 * `X-Rate-Limit-Reset - Date + 1` seconds by itself and retry successfully. Reads ORG_URL and
 * TOKEN from the environment and prints `ok - ...` lines and the summary `N passed, M failed`,
 * like compat.js.
 */
'use strict';

const crypto = require('crypto');
const okta = require('@okta/okta-sdk-nodejs');

// The SDK waits Reset - Date + 1 s; with Reset at least one second after Date that is >= 2 s.
const MIN_BACKOFF_MS = 1500;

class CheckFailed extends Error {}

async function runChecks(passed) {
  const orgUrl = process.env.ORG_URL;
  const token = process.env.TOKEN;
  if (!orgUrl || !token) {
    throw new CheckFailed('ORG_URL and TOKEN must be set in the environment');
  }
  const client = new okta.Client({ orgUrl: orgUrl.replace(/\/$/, ''), token });
  const login = `node-retry-${crypto.randomBytes(4).toString('hex')}@example.com`;
  const user = await client.userApi.createUser({
    body: { profile: { firstName: 'Node', lastName: 'Retry', email: login, login } },
  });
  // Uses the only "get user" request of this minute. The second get goes by login: the SDK's
  // cache keeps single objects under their self link, so a second get by id never leaves it.
  await client.userApi.getUser({ userId: user.id });
  passed.push('the first get within the limit succeeds');

  const started = Date.now();
  const fetched = await client.userApi.getUser({ userId: login });
  const waited = Date.now() - started;
  if (fetched.id !== user.id) {
    throw new CheckFailed(`the retried get returned ${fetched.id}, expected ${user.id}`);
  }
  if (waited < MIN_BACKOFF_MS) {
    throw new CheckFailed(`the SDK retried after ${waited} ms, before the reset`);
  }
  passed.push(`a 429 is retried by the SDK after ${(waited / 1000).toFixed(1)} s and succeeds`);
}

const passed = [];
runChecks(passed).then(
  () => {
    passed.forEach(name => console.log(`ok - ${name}`));
    console.log(`${passed.length} passed, 0 failed`);
  },
  failure => {
    if (!(failure instanceof CheckFailed) && failure && failure.stack) {
      console.log(failure.stack);
    }
    passed.forEach(name => console.log(`ok - ${name}`));
    const reason = failure instanceof CheckFailed
      ? failure.message
      : `the rate-limited get was not retried to success: ${failure && failure.message}`;
    console.log(`FAILED - ${reason}`);
    console.log(`${passed.length} passed, 1 failed`);
    process.exitCode = 1;
  },
);
