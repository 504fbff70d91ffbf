#!/usr/bin/env node
/*
 * Runs the official Okta Node SDK (@okta/okta-sdk-nodejs 8.x), unchanged, against an
 * Okta-compatible org.
 *
 * Reads ORG_URL and TOKEN from the environment. Every check prints one `ok - ...` line; the first
 * failed check prints `FAILED - ...`, the summary line and exits 1. Success ends with the summary
 * line `N passed, 0 failed`.
 *
 * Object names carry a random run id so the script can run twice against the same org.
 */
'use strict';

const crypto = require('crypto');
const okta = require('@okta/okta-sdk-nodejs');

const USERS_TO_PAGE = 7;
const PAGE_SIZE = 2;
const MISSING_USER_ID = '00u0000000000missing';

class CheckFailed extends Error {}

let passed = 0;

function ok(name) {
  passed += 1;
  console.log(`ok - ${name}`);
}

function expect(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

function expectEq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) {
    throw new CheckFailed(`${what}: expected ${e}, got ${a}`);
  }
}

/** Awaits an SDK call that must fail with the given HTTP status and Okta errorCode. */
async function expectApiError(what, promise, status, code) {
  let result;
  try {
    result = await promise;
  } catch (error) {
    expectEq(error.status, status, `${what}: error status`);
    expectEq(error.errorCode, code, `${what}: errorCode`);
    expect(Array.isArray(error.errorCauses), `${what}: errorCauses should be an array`);
    return error;
  }
  throw new CheckFailed(`${what}: expected HTTP ${status} ${code}, got success (${JSON.stringify(result)})`);
}

async function collect(collectionPromise) {
  const items = [];
  for await (const item of await collectionPromise) {
    items.push(item);
  }
  return items;
}

/** Records what the SDK actually sent and received, to count pages and read delete statuses. */
function watchTraffic(client) {
  const traffic = { requests: [], lastStatus: undefined };
  client.requestExecutor.on('request', request => {
    traffic.requests.push({ method: String(request.method).toUpperCase(), url: new URL(request.url) });
  });
  client.requestExecutor.on('response', response => {
    traffic.lastStatus = response.status;
  });
  return traffic;
}

function userBody(run, index) {
  const login = `node-${run}-${index}@example.com`;
  return { profile: { firstName: `Node${index}`, lastName: `Compat${run}`, email: login, login } };
}

async function checkUsers(client, traffic, run) {
  const users = [];
  for (let index = 0; index < USERS_TO_PAGE; index += 1) {
    const user = await client.userApi.createUser({ body: userBody(run, index) });
    expect(user.id, `created user ${index} has no id`);
    expectEq(user.profile.login, `node-${run}-${index}@example.com`, 'created login');
    users.push(user);
  }
  ok(`create ${USERS_TO_PAGE} users`);

  const before = traffic.requests.length;
  const listed = await collect(client.userApi.listUsers({ limit: PAGE_SIZE }));
  const pages = traffic.requests
    .slice(before)
    .filter(r => r.method === 'GET' && r.url.pathname === '/api/v1/users').length;
  const seen = listed.map(u => u.id);
  for (const user of users) {
    expectEq(seen.filter(id => id === user.id).length, 1, `times user ${user.id} was listed`);
  }
  expectEq(new Set(seen).size, seen.length, 'users listed once each across pages');
  expect(pages >= Math.floor(USERS_TO_PAGE / PAGE_SIZE) + 1, `only ${pages} page(s) fetched`);
  ok(`list users with limit=${PAGE_SIZE} follows ${pages} pages, each user once`);

  const first = users[0];
  let fetched = await client.userApi.getUser({ userId: first.id });
  expectEq(fetched.id, first.id, 'get by id');
  fetched = await client.userApi.getUser({ userId: first.profile.login });
  expectEq(fetched.id, first.id, 'get by login');
  ok('get user by id and by login');

  const updated = await client.userApi.updateUser({
    userId: first.id,
    user: { profile: { nickName: 'Partial' } },
  });
  expectEq(updated.profile.nickName, 'Partial', 'nickName after partial update');
  expectEq(updated.profile.firstName, 'Node0', 'firstName kept by partial update');
  ok('partial update (POST) keeps absent profile properties');

  const login = first.profile.login;
  const replaced = await client.userApi.replaceUser({
    userId: first.id,
    user: { profile: { firstName: 'Replaced', lastName: 'Whole', email: login, login } },
  });
  expectEq(replaced.profile.firstName, 'Replaced', 'firstName after full update');
  expectEq(replaced.profile.nickName, undefined, 'nickName removed by full update');
  fetched = await client.userApi.getUser({ userId: first.id });
  expectEq(fetched.profile.lastName, 'Whole', 'lastName stored by full update');
  ok('full update (PUT) replaces the profile');

  await client.userApi.deactivateUser({ userId: first.id });
  fetched = await client.userApi.getUser({ userId: first.id });
  expectEq(fetched.status, 'DEPROVISIONED', 'status after deactivate');
  await client.userApi.deleteUser({ userId: first.id });
  expectEq(traffic.lastStatus, 204, 'delete user status');
  await expectApiError('get deleted user', client.userApi.getUser({ userId: first.id }), 404, 'E0000007');
  ok('deactivate then delete user; it is gone');

  const error = await expectApiError(
    'get missing user', client.userApi.getUser({ userId: MISSING_USER_ID }), 404, 'E0000007');
  expect(error.errorSummary, '404 error has an errorSummary');
  ok('404 decodes to errorCode E0000007 with status 404');
  return users.slice(1);
}

async function checkGroups(client, traffic, run, members) {
  const name = `node-${run}-group`;
  const group = await client.groupApi.createGroup({ group: { profile: { name, description: 'created' } } });
  expect(group.id, 'created group has no id');
  expectEq(group.profile.name, name, 'group name');
  const fetched = await client.groupApi.getGroup({ groupId: group.id });
  expectEq(fetched.profile.description, 'created', 'group description');
  const listed = await collect(client.groupApi.listGroups({ q: `node-${run}` }));
  expectEq(listed.map(g => g.id), [group.id], 'groups listed by q');
  ok('create, get and list groups');

  const replaced = await client.groupApi.replaceGroup({
    groupId: group.id,
    group: { profile: { name, description: 'replaced' } },
  });
  expectEq(replaced.profile.description, 'replaced', 'description after update');
  ok('update group');

  const member = members[0];
  await client.groupApi.assignUserToGroup({ groupId: group.id, userId: member.id });
  expectEq(traffic.lastStatus, 204, 'add member status');
  let users = await collect(client.groupApi.listGroupUsers({ groupId: group.id }));
  expectEq(users.map(u => u.id), [member.id], 'members after add');
  await client.groupApi.unassignUserFromGroup({ groupId: group.id, userId: member.id });
  expectEq(traffic.lastStatus, 204, 'remove member status');
  users = await collect(client.groupApi.listGroupUsers({ groupId: group.id }));
  expectEq(users.map(u => u.id), [], 'members after remove');
  ok('add, list and remove group members');

  await client.groupApi.deleteGroup({ groupId: group.id });
  expectEq(traffic.lastStatus, 204, 'delete group status');
  await expectApiError('get deleted group', client.groupApi.getGroup({ groupId: group.id }), 404, 'E0000007');
  ok('delete group; it is gone');
}

async function checkBookmarkApp(client, traffic, run, user) {
  const label = `node-${run}-bookmark`;
  const created = await client.applicationApi.createApplication({
    application: {
      name: 'bookmark',
      label,
      signOnMode: 'BOOKMARK',
      settings: { app: { url: 'https://example.com/bookmark', requestIntegration: false } },
    },
  });
  expect(created.id, 'created app has no id');
  expectEq(created.signOnMode, 'BOOKMARK', 'signOnMode');
  expectEq(created.status, 'ACTIVE', 'new app status');
  const fetched = await client.applicationApi.getApplication({ appId: created.id });
  expectEq(fetched.label, label, 'app label');
  const apps = await collect(client.applicationApi.listApplications({ q: `node-${run}` }));
  expectEq(apps.map(a => a.id), [created.id], 'apps listed by q');
  ok('create, get and list a bookmark app');

  const appId = created.id;
  const appUser = await client.applicationApi.assignUserToApplication({
    appId,
    appUser: { id: user.id, scope: 'USER' },
  });
  expectEq(appUser.id, user.id, 'assigned app user id');
  const listed = await collect(client.applicationApi.listApplicationUsers({ appId }));
  expectEq(listed.map(u => u.id), [user.id], 'app users after assign');
  const got = await client.applicationApi.getApplicationUser({ appId, userId: user.id });
  expectEq(got.id, user.id, 'got app user id');
  ok('assign a user to the app, list and get the app user');

  const updated = await client.applicationApi.updateApplicationUser({
    appId,
    userId: user.id,
    appUser: { profile: { title: 'Compat' } },
  });
  expectEq((updated.profile || {}).title, 'Compat', 'app user profile title');
  ok("update the app user's profile");

  await client.applicationApi.unassignUserFromApplication({ appId, userId: user.id });
  expectEq(traffic.lastStatus, 204, 'unassign status');
  await expectApiError('get unassigned app user',
    client.applicationApi.getApplicationUser({ appId, userId: user.id }), 404, 'E0000007');
  ok('unassign the user; the app user is gone');

  await client.applicationApi.deactivateApplication({ appId });
  const inactive = await client.applicationApi.getApplication({ appId });
  expectEq(inactive.status, 'INACTIVE', 'status after deactivate');
  await client.applicationApi.deleteApplication({ appId });
  expectEq(traffic.lastStatus, 204, 'delete app status');
  await expectApiError('get deleted app', client.applicationApi.getApplication({ appId }), 404, 'E0000007');
  ok('deactivate and delete the app; it is gone');
}

/**
 * Assigns an app to a group (the member gets a GROUP-scoped app user), then resets the member's
 * password without email (a one-time link) and its factors.
 */
async function checkGroupAppAndPassword(client, traffic, run, user) {
  const group = await client.groupApi.createGroup({ group: { profile: { name: `node-${run}-app-group` } } });
  await client.groupApi.assignUserToGroup({ groupId: group.id, userId: user.id });
  const app = await client.applicationApi.createApplication({
    application: {
      name: 'bookmark',
      label: `node-${run}-group-app`,
      signOnMode: 'BOOKMARK',
      settings: { app: { url: 'https://example.com/g', requestIntegration: false } },
    },
  });
  const appId = app.id;
  const assigned = await client.applicationApi.assignGroupToApplication({
    appId,
    groupId: group.id,
    applicationGroupAssignment: { priority: 0, profile: { title: 'Group' } },
  });
  expectEq(assigned.id, group.id, 'assigned group id');
  expectEq(assigned.priority, 0, 'assignment priority');
  const listed = await collect(client.applicationApi.listApplicationGroupAssignments({ appId }));
  expectEq(listed.map(a => a.id), [group.id], 'groups assigned to the app');
  const fetched = await client.applicationApi.getApplicationGroupAssignment({ appId, groupId: group.id });
  expectEq((fetched.profile || {}).title, 'Group', 'assignment profile');
  const apps = await collect(client.groupApi.listAssignedApplicationsForGroup({ groupId: group.id }));
  expectEq(apps.map(a => a.id), [appId], 'apps of the group');
  const appUser = await client.applicationApi.getApplicationUser({ appId, userId: user.id });
  expectEq(appUser.scope, 'GROUP', 'app user scope');
  ok('assign a group to an app; its member gets a GROUP-scoped app user');

  await client.applicationApi.unassignApplicationFromGroup({ appId, groupId: group.id });
  expectEq(traffic.lastStatus, 204, 'unassign group status');
  await expectApiError('get app user after group unassign',
    client.applicationApi.getApplicationUser({ appId, userId: user.id }), 404, 'E0000007');
  await client.applicationApi.deactivateApplication({ appId });
  await client.applicationApi.deleteApplication({ appId });
  await client.groupApi.deleteGroup({ groupId: group.id });
  ok("unassign the group; the member's app user is gone");

  const token = await client.userApi.generateResetPasswordToken({ userId: user.id, sendEmail: false });
  expect((token.resetPasswordUrl || '').includes('/reset_password/'), 'a one-time reset link');
  let fetchedUser = await client.userApi.getUser({ userId: user.id });
  expectEq(fetchedUser.status, 'RECOVERY', 'status after reset password');
  ok('reset password without email returns a one-time link; the user is in RECOVERY');

  await client.userApi.resetFactors({ userId: user.id });
  fetchedUser = await client.userApi.getUser({ userId: user.id });
  expectEq(fetchedUser.status, 'RECOVERY', 'status kept by reset factors');
  ok("reset factors keeps the user's status");
}

async function runChecks() {
  const orgUrl = process.env.ORG_URL;
  const token = process.env.TOKEN;
  if (!orgUrl || !token) {
    throw new CheckFailed('ORG_URL and TOKEN must be set in the environment');
  }
  const run = crypto.randomBytes(4).toString('hex');
  const client = new okta.Client({ orgUrl: orgUrl.replace(/\/$/, ''), token });
  const traffic = watchTraffic(client);
  const remaining = await checkUsers(client, traffic, run);
  await checkGroups(client, traffic, run, remaining);
  await checkBookmarkApp(client, traffic, run, remaining[1]);
  await checkGroupAppAndPassword(client, traffic, run, remaining[2]);
}

runChecks().then(
  () => {
    console.log(`${passed} passed, 0 failed`);
  },
  failure => {
    if (!(failure instanceof CheckFailed) && failure && failure.stack) {
      // The stack shows which SDK code choked on which response, to tell a mock bug from ours.
      console.log(failure.stack);
    }
    const reason = failure instanceof CheckFailed
      ? failure.message
      : `the SDK raised ${failure && failure.name}: ${failure && failure.message}`;
    console.log(`FAILED - ${reason}`);
    console.log(`${passed} passed, 1 failed`);
    process.exitCode = 1;
  },
);
