#!/usr/bin/env node
// Runs the official Okta Node SDK (@okta/okta-sdk-nodejs 8.x) in PrivateKey mode, unchanged,
// against an org. Reads ORG_URL, CLIENT_ID, PRIVATE_KEY (a PEM file path), SCOPES (space
// separated) and APP_LABEL; the service app must be granted okta.users.read, okta.apps.read and
// okta.apps.manage but not okta.groups.read, and APP_LABEL must have an assigned user. Prints
// `ok - ...` per check and ends with `N passed, M failed`, like compat.js.
'use strict';

const fs = require('fs');
const okta = require('@okta/okta-sdk-nodejs');

class CheckFailed extends Error {}
let passed = 0;
const ok = name => {
  passed += 1;
  console.log(`ok - ${name}`);
};

async function collect(collectionPromise) {
  const items = [];
  for await (const item of await collectionPromise) {
    items.push(item);
  }
  return items;
}

async function runChecks() {
  const env = {};
  for (const name of ['ORG_URL', 'CLIENT_ID', 'PRIVATE_KEY', 'SCOPES', 'APP_LABEL']) {
    if (!process.env[name]) {
      throw new CheckFailed(`set ${name} in the environment`);
    }
    env[name] = process.env[name];
  }
  const client = new okta.Client({
    orgUrl: env.ORG_URL.replace(/\/$/, ''),
    authorizationMode: 'PrivateKey',
    clientId: env.CLIENT_ID,
    scopes: env.SCOPES,
    privateKey: fs.readFileSync(env.PRIVATE_KEY, 'utf8'),
  });

  const users = await collect(client.userApi.listUsers({}));
  if (users.length === 0) {
    throw new CheckFailed('list users returned no user');
  }
  ok(`list users with an access token (${users.length} users)`);

  const apps = await collect(client.applicationApi.listApplications({ q: env.APP_LABEL }));
  if (apps.length !== 1) {
    throw new CheckFailed(`expected one app labelled ${env.APP_LABEL}, got ${apps.length}`);
  }
  const appId = apps[0].id;
  const appUsers = await collect(client.applicationApi.listApplicationUsers({ appId }));
  if (appUsers.length === 0) {
    throw new CheckFailed('the app has no assigned user');
  }
  const updated = await client.applicationApi.updateApplicationUser({
    appId,
    userId: appUsers[0].id,
    appUser: { profile: { title: 'PrivateKey' } },
  });
  if (!updated.profile || updated.profile.title !== 'PrivateKey') {
    throw new CheckFailed(`app user title: got ${JSON.stringify(updated.profile)}`);
  }
  ok('update an app user with an access token');

  try {
    const groups = await collect(client.groupApi.listGroups({}));
    throw new CheckFailed(`list groups without okta.groups.read succeeded: ${groups.length}`);
  } catch (error) {
    if (error instanceof CheckFailed) {
      throw error;
    }
    if (error.status !== 403 || error.errorCode !== 'E0000006') {
      throw new CheckFailed(`list groups: expected 403 E0000006, got ${error.status} ${error.errorCode}`);
    }
  }
  ok('a missing scope is 403 E0000006');
}

runChecks().then(
  () => {
    console.log(`${passed} passed, 0 failed`);
  },
  failure => {
    if (!(failure instanceof CheckFailed) && failure && failure.stack) {
      console.log(failure.stack);
    }
    console.log(`FAILED - ${failure instanceof CheckFailed ? failure.message : failure}`);
    console.log(`${passed} passed, 1 failed`);
    process.exitCode = 1;
  },
);
