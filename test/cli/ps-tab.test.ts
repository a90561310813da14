import { runCli, stderrLines } from './cli-harness';
import { startMarketplace, type MockMarketplace } from './marketplace-server';
import {
  EGRESS_MANIFEST,
  HOSTED_ANSWERS,
  HOSTED_FILE,
  HOSTED_KEY,
  NO_EGRESS_MANIFEST,
  SEED_FILE,
  SEED_KEY,
  seedAnswers,
  tabFor,
} from './ps-tab-support';

let market: MockMarketplace;
beforeAll(async () => {
  market = await startMarketplace();
});
afterAll(() => market.close());
beforeEach(() => {
  market.tabs.clear();
  market.requests.length = 0;
  market.script.length = 0;
  market.tabs.set(SEED_KEY, { live: tabFor(seedAnswers()) });
  market.tabs.set(HOSTED_KEY, { live: tabFor(HOSTED_ANSWERS, true) });
});

const virtual = {
  'hosted.yaml': HOSTED_FILE,
  'no-egress.yml': NO_EGRESS_MANIFEST,
  'egress.yml': EGRESS_MANIFEST,
};

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TRUST_ASSESS_MARKETPLACE_URL: market.url,
    MARKETPLACE_EMAIL: market.credentials.email,
    MARKETPLACE_API_TOKEN: market.credentials.token,
    ...overrides,
  };
}

const waits: number[] = [];
const sleep = (ms: number) => {
  waits.push(ms);
  return Promise.resolve();
};
const cli = (argv: string[], extraEnv?: Record<string, string>) =>
  runCli(argv, { virtual, env: env(extraEnv), sleep });

describe('ps-tab diff', () => {
  it('exits 0 when the live tab matches the answers and the manifest', async () => {
    const r = await cli(['ps-tab', 'diff', 'hosted.yaml', '--manifest', 'no-egress.yml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `No drift: the live tab of ${HOSTED_KEY} matches the answers and the manifest.\n`,
    );
    expect(r.code).toBe(0);
    expect(market.requests[0]?.url).toBe(
      `/rest/2/addons/${HOSTED_KEY}/privacy-and-security?state=live`,
    );
  });

  it('adding a non-analytics egress domain to the manifest is drift naming the domain and the tab field', async () => {
    const r = await cli(['ps-tab', 'diff', 'hosted.yaml', '--manifest', 'egress.yml']);
    expect(r.code).toBe(1);
    const drift = r.stdout.split('\n').filter((l) => l.startsWith('drift: '));
    expect(drift).toContainEqual(expect.stringContaining('api.partner-sync.example'));
    const line = drift.find((l) => l.includes('api.partner-sync.example')) ?? '';
    expect(line).toContain('appProcessEUDOutsideAtlassian');
    expect(line).toContain('not analytics');
    expect(r.stdout).toMatch(/differences? between the live tab of com\.example\.hosted/);
  });

  it('names a sub-processor missing from the tab and a field that differs', async () => {
    const live = tabFor(seedAnswers()) as {
      thirdPartyInformation: { thirdPartyDetails: { name: string }[] };
      dataResidency: { countriesWhereEndUserDataStored: string[] };
    };
    live.thirdPartyInformation.thirdPartyDetails =
      live.thirdPartyInformation.thirdPartyDetails.filter((r) => r.name !== 'Postmark');
    live.dataResidency.countriesWhereEndUserDataStored = ['Germany'];
    market.tabs.set(SEED_KEY, { live });
    const r = await cli(['ps-tab', 'diff', SEED_FILE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'drift: thirdPartyDetails: sub-processor "Postmark" is in the answers (P15) but missing from the tab',
    );
    expect(r.stdout).toContain(
      'drift: countriesWhereEndUserDataStored: the answers (P16) say United States, the tab says Germany',
    );
  });

  it('reads the draft with --state draft and prints JSON with --format json', async () => {
    market.tabs.set(SEED_KEY, { live: {}, draft: tabFor(seedAnswers()) });
    const r = await cli(['ps-tab', 'diff', SEED_FILE, '--state', 'draft', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ tab: `the draft tab of ${SEED_KEY}`, drift: [] });
    expect(market.requests[0]?.url).toMatch(/\?state=draft$/);
    expect(market.requests[0]?.authorization).toMatch(/^Basic /);
  });

  it('compares a saved tab with --tab, without the network', async () => {
    const r = await runCli(['ps-tab', 'diff', SEED_FILE, '--tab', 'saved.json'], {
      virtual: {
        'saved.json': JSON.stringify({ dataResidency: { isDataResidencySupported: 'SUPPORTED' } }),
      },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'drift: isDataResidencySupported: the answers (P4) say NOT_SUPPORTED, the tab says SUPPORTED',
    );
    expect(market.requests).toHaveLength(0);
  });
});

describe('ps-tab push and pull', () => {
  it('push writes the draft as { appTrustInformation }, then diff against the draft is clean', async () => {
    market.tabs.set(SEED_KEY, { live: {} });
    const push = await cli(['ps-tab', 'push', SEED_FILE]);
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(
      /^Pushed a new Privacy & Security draft for com\.example\.seed-app/,
    );
    const put = market.requests.find((r) => r.method === 'PUT');
    expect(put?.url).toBe(`/rest/2/addons/${SEED_KEY}/privacy-and-security`);
    expect(put?.body).toEqual({ appTrustInformation: tabFor(seedAnswers()) });

    const pull = await cli(['ps-tab', 'pull', '--app', SEED_KEY, '--state', 'draft']);
    expect(pull.code).toBe(0);
    expect(JSON.parse(pull.stdout)).toEqual(tabFor(seedAnswers()));
    expect((await cli(['ps-tab', 'diff', SEED_FILE, '--state', 'draft'])).code).toBe(0);
  });

  it('push --dry-run prints the body and sends nothing, with no token', async () => {
    const r = await runCli(['ps-tab', 'push', SEED_FILE, '--dry-run'], { env: {} });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ appTrustInformation: tabFor(seedAnswers()) });
  });

  it('push without credentials is an input error naming the variable', async () => {
    const r = await runCli(['ps-tab', 'push', SEED_FILE], {
      env: { TRUST_ASSESS_MARKETPLACE_URL: market.url },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'trust-assess: environment: MARKETPLACE_EMAIL: not set (needed to push the draft tab)\n',
    );
  });

  it('a v1 answers file cannot use ps-tab', async () => {
    const r = await cli(['ps-tab', 'diff', 'test/fixtures/answers/low-score.yaml', '--app', 'x']);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('upgrade the file');
  });
});

describe('Marketplace failures exit 4 with one line', () => {
  it('401: rejected credentials', async () => {
    const r = await cli(['ps-tab', 'diff', SEED_FILE], { MARKETPLACE_API_TOKEN: 'wrong' });
    expect(r.code).toBe(4);
    expect(stderrLines(r.stderr)).toEqual([
      expect.stringMatching(
        /^trust-assess: marketplace: 401 Unauthorized: .*MARKETPLACE_EMAIL and MARKETPLACE_API_TOKEN.*Authentication failed/,
      ),
    ]);
  });

  it('403: the account lacks the manage-app permission', async () => {
    market.script.push({ status: 403, message: 'You do not have permission' });
    const r = await cli(['ps-tab', 'push', SEED_FILE]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/403 Forbidden: .*manage-app permission.*You do not have permission/);
  });

  it('404: an unknown app key', async () => {
    const r = await cli(['ps-tab', 'pull', '--app', 'com.example.unknown']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /404 Not Found: no live Privacy & Security tab for app com\.example\.unknown/,
    );
  });

  it('429: waits Retry-After and retries, then succeeds', async () => {
    waits.length = 0;
    market.script.push({ status: 429, retryAfter: '2' }, { status: 429, retryAfter: '1' });
    const r = await cli(['ps-tab', 'diff', SEED_FILE]);
    expect(r.code).toBe(0);
    expect(waits).toEqual([2000, 1000]);
    expect(r.stderr).toContain('rate limited by the Marketplace (429); retrying in 2 s (1 of 3)');
    expect(market.requests.filter((q) => q.method === 'GET')).toHaveLength(3);
  });

  it('429: gives up after three retries, or at once when Retry-After is too long', async () => {
    market.script.push(...Array.from({ length: 4 }, () => ({ status: 429, retryAfter: '0' })));
    const r = await cli(['ps-tab', 'diff', SEED_FILE]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/429 Too Many Requests: still rate limited after 3 retries/);

    market.script.length = 0;
    market.requests.length = 0;
    market.script.push({ status: 429, retryAfter: '3600' });
    const long = await cli(['ps-tab', 'diff', SEED_FILE]);
    expect(long.code).toBe(4);
    expect(market.requests).toHaveLength(1);
  });

  it('an unreachable Marketplace', async () => {
    const r = await cli(['ps-tab', 'diff', SEED_FILE], {
      TRUST_ASSESS_MARKETPLACE_URL: 'http://127.0.0.1:9',
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^trust-assess: marketplace: cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});
