import { asUser, route } from '@forge/api';
import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import type { FaultKind, LocalPlatform } from '../../src/local/platform';
import { createLocalPlatform } from '../../src/local/platform';
import { anyString } from '../support/matchers';

/**
 * Fault injection at the platform seam, seen through the real clients: what @forge/kvs and
 * @forge/api hand the app for each kind of fault, and whether the request took effect.
 */

const ADMIN = { accountId: 'admin-1', displayName: 'Ada Admin', admin: true };

const askJira = () =>
  platform.runAsUser(ADMIN.accountId, () => asUser().requestJira(route`/rest/api/3/myself`));

let platform: LocalPlatform;

beforeEach(() => {
  platform = createLocalPlatform({ users: [ADMIN] });
});

afterEach(() => platform.close());

async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to be rejected, but it succeeded');
}

describe('the faults API', () => {
  it('is the same object on the platform and on the emulator', () => {
    expect(platform.faults).toBe(platform.kvs.faults);
  });

  it('counts every platform request, KVS and Jira, since inject / clear / resetRequests', async () => {
    expect(platform.faults.requests).toBe(0);
    await kvs.set('a', 1);
    await askJira();
    expect(platform.faults.requests).toBe(2);
    platform.faults.resetRequests();
    expect(platform.faults.requests).toBe(0);
    await kvs.get('a');
    platform.faults.inject(5, 'throw');
    expect(platform.faults.requests).toBe(0);
    await kvs.get('a');
    expect(platform.faults.requests).toBe(1);
    platform.faults.clear();
    expect(platform.faults.requests).toBe(0);
  });

  it('fires on the nth request from the inject, once, and then clears itself', async () => {
    platform.faults.inject(3, 'server-error');
    await kvs.set('a', 1);
    await kvs.set('b', 2);
    expect(platform.faults.fired).toBe(false);
    await rejection(kvs.set('c', 3));
    expect(platform.faults.fired).toBe(true);
    await kvs.set('c', 3);
    await kvs.set('d', 4);
    expect(platform.kvs.dump().kvs).toEqual({ a: 1, b: 2, c: 3, d: 4 });
    expect(platform.faults.requests).toBe(5);
  });

  it('replaces a pending fault on a second inject and forgets it on clear', async () => {
    platform.faults.inject(1, 'throw');
    platform.faults.inject(2, 'throw');
    await kvs.set('a', 1);
    await rejection(kvs.set('b', 2));
    platform.faults.inject(1, 'throw');
    platform.faults.clear();
    await kvs.set('c', 3);
    expect(platform.faults.fired).toBe(false);
    expect(platform.kvs.dump().kvs).toEqual({ a: 1, c: 3 });
  });

  it.each<[string, () => void]>([
    ['nth of 0', () => platform.faults.inject(0, 'throw')],
    ['a fractional nth', () => platform.faults.inject(1.5, 'throw')],
    ['an unknown kind', () => platform.faults.inject(1, 'explode' as FaultKind)],
    [
      'a negative Retry-After',
      () => platform.faults.inject(1, 'rate-limit', { retryAfterSeconds: -1 }),
    ],
  ])('refuses %s', (_name, call) => {
    expect(call).toThrow(RangeError);
  });

  it('counts faulted KVS requests in the emulator counters, without bytes', async () => {
    platform.kvs.resetCounters();
    platform.faults.inject(1, 'rate-limit');
    await rejection(kvs.set('a', 1));
    expect(platform.kvs.counters).toEqual({ requests: 1, bytesRead: 0, bytesWritten: 0 });
  });
});

describe('what @forge/kvs surfaces for each fault', () => {
  it('throw: the fetch rejection propagates as-is (TypeError "fetch failed"), nothing applied', async () => {
    platform.faults.inject(1, 'throw');
    const error = await rejection(kvs.set('k', 'v'));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ForgeKvsAPIError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(await kvs.get('k')).toBeUndefined();
  });

  it('server-error: ForgeKvsAPIError INTERNAL_SERVER_ERROR with status 500, nothing applied', async () => {
    platform.faults.inject(1, 'server-error');
    const error = await rejection(kvs.set('k', 'v'));
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    const apiError = error as ForgeKvsAPIError;
    expect(apiError.code).toBe('INTERNAL_SERVER_ERROR');
    expect(apiError.responseDetails.status).toBe(500);
    expect(await kvs.get('k')).toBeUndefined();
  });

  it('rate-limit: ForgeKvsAPIError RATE_LIMIT_EXCEEDED with status 429, nothing applied', async () => {
    platform.faults.inject(1, 'rate-limit', { retryAfterSeconds: 7 });
    const error = await rejection(kvs.set('k', 'v'));
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    const apiError = error as ForgeKvsAPIError;
    expect(apiError.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(apiError.responseDetails.status).toBe(429);
    expect(apiError.responseDetails.statusText).toBe('Too Many Requests');
    // @forge/kvs keeps no response headers, so the app cannot read Retry-After from the error.
    expect(Object.keys(apiError.responseDetails)).not.toContain('headers');
    expect(await kvs.get('k')).toBeUndefined();
  });

  it('rate-limit on a transaction: the transaction pages document TOO_MANY_REQUESTS', async () => {
    platform.faults.inject(1, 'rate-limit');
    const error = (await rejection(kvs.transact().set('k', 'v').execute())) as ForgeKvsAPIError;
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.responseDetails.status).toBe(429);
    expect(await kvs.get('k')).toBeUndefined();
  });

  it('rate-limit: the raw response carries Retry-After in seconds (default 2)', async () => {
    platform.faults.inject(1, 'rate-limit');
    const response = await platform.kvs.fetch({ type: 'kvs' }, '/api/v1/get', {
      method: 'POST',
      body: JSON.stringify({ key: 'k' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({
      code: 'RATE_LIMIT_EXCEEDED',
      message: anyString,
    });
  });

  it('timeout: rejects after a short delay with an error named TimeoutError, nothing applied', async () => {
    platform.faults.inject(1, 'timeout');
    const started = Date.now();
    const error = await rejection(kvs.set('k', 'v'));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((error as Error).name).toBe('TimeoutError');
    expect(error).not.toBeInstanceOf(ForgeKvsAPIError);
    expect(await kvs.get('k')).toBeUndefined();
  });

  it('applied-lost: the write commits, then the fetch rejects as for throw', async () => {
    platform.faults.inject(1, 'applied-lost');
    const error = await rejection(kvs.set('k', 'v'));
    expect(error).toBeInstanceOf(TypeError);
    expect(await kvs.get('k')).toBe('v');
  });

  it('applied-lost on a transaction: every operation committed, the caller saw a failure', async () => {
    await kvs.set('gone', 1);
    platform.faults.inject(1, 'applied-lost');
    await rejection(kvs.transact().set('a', 1).delete('gone').execute());
    expect(platform.kvs.dump().kvs).toEqual({ a: 1 });
  });

  it('applied-lost on a get: nothing changes, the read is simply lost', async () => {
    await kvs.set('k', 'v');
    platform.faults.inject(1, 'applied-lost');
    await rejection(kvs.get('k'));
    expect(await kvs.get('k')).toBe('v');
  });
});

describe('what @forge/api surfaces for each fault on a Jira request', () => {
  it.each<[FaultKind, string]>([
    ['throw', 'TypeError'],
    ['timeout', 'TimeoutError'],
    ['applied-lost', 'TypeError'],
  ])('%s: requestJira rejects with the fetch error as-is (%s)', async (kind, name) => {
    platform.faults.inject(1, kind);
    const error = await rejection(askJira());
    expect((error as Error).name).toBe(name);
  });

  it('server-error: requestJira resolves with a 500 and a Jira error body', async () => {
    platform.faults.inject(1, 'server-error');
    const response = await askJira();
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ errorMessages: [anyString], errors: {} });
  });

  it('rate-limit: requestJira resolves with a plain 429 and Retry-After', async () => {
    platform.faults.inject(1, 'rate-limit', { retryAfterSeconds: 5 });
    const response = await askJira();
    expect(response.status).toBe(429);
    expect(response.ok).toBe(false);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.text()).toBe('');
  });

  it('leaves the next Jira request alone', async () => {
    platform.faults.inject(1, 'rate-limit');
    await askJira();
    const response = await askJira();
    expect(response.status).toBe(200);
  });
});
