#!/usr/bin/env node
/*
 * Lists every user with the official Okta Node SDK (@okta/okta-sdk-nodejs 8.x), the way its
 * README iterates a collection: `for await (const user of await client.userApi.listUsers(...))`.
 *
 * Reads ORG_URL, TOKEN, LIMIT (default 200) and OKTA_SDK_NODE (the path of the installed
 * @okta/okta-sdk-nodejs package; default: resolve it normally) from the environment. Prints one
 * JSON line: {"items": N, "seconds": S, "peakRssKib": K}; peakRssKib is this process's
 * process.resourceUsage().maxRSS (KiB), the kernel's VmHWM.
 */
'use strict';

const okta = require(process.env.OKTA_SDK_NODE || '@okta/okta-sdk-nodejs');

async function main() {
  const orgUrl = process.env.ORG_URL;
  const token = process.env.TOKEN;
  if (!orgUrl || !token) {
    console.error('ORG_URL and TOKEN must be set');
    process.exit(2);
  }
  const limit = Number(process.env.LIMIT || '200');
  const client = new okta.Client({ orgUrl: orgUrl.replace(/\/$/, ''), token });
  const start = process.hrtime.bigint();
  let items = 0;
  for await (const user of await client.userApi.listUsers({ limit })) {
    if (user && user.id) {
      items += 1;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peakRssKib = process.resourceUsage().maxRSS;
  console.log(JSON.stringify({ items, seconds, peakRssKib }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
