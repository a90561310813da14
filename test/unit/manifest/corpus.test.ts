import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../../../src/domain/answers';
import { runFindings } from '../../../src/domain/checks/run';
import { manifestReport, type ManifestReport } from '../../../src/cli/manifest-command';
import { readManifestFacts } from '../../../src/domain/manifest/read';
import { trustReadinessV1 } from '../../../src/domain/rules/packs/trust-readiness-v1';
import { trustReadinessV2 } from '../../../src/domain/rules/packs/trust-readiness-v2';
import { FIXTURE_DIR } from './fixtures';

/**
 * Real public Forge manifests (test/fixtures/manifests/corpus/, each naming its repository,
 * path and commit at the top), with what a careful reviewer writes down for each: the egress
 * hosts that are wildcards, the remotes, the dynamic web triggers, Connect on Forge, what is
 * outdated, the Runs on Atlassian verdict with its disqualifiers, and the strength of the key
 * suggestions. No real manifest may crash the reader or the findings of either pack.
 */
const CORPUS_DIR = join(FIXTURE_DIR, 'corpus');

interface Expected {
  egress: number;
  /** Hosts that are wildcards, as Forge matches them. */
  wildcards: string[];
  remotes: string[];
  dynamicTriggers: string[];
  connect: boolean;
  /** Manifest paths noted as outdated. */
  outdated: string[];
  eligible: boolean;
  /** Runs on Atlassian disqualifier ids, each once. */
  disqualifiers: string[];
  /** questionId → "value (strength)", for the suggestions a reviewer checks first. */
  suggests: Record<string, string>;
}

const NONE = { egress: 0, wildcards: [], remotes: [], dynamicTriggers: [], connect: false };
const HOSTED_NOTHING_LEAVES = {
  G1: 'forge-hosted (proves)',
  P1: 'no (proves)',
  P2: 'no (proves)',
  P10: 'yes (proves)',
};

const CORPUS: Record<string, Expected> = {
  'circleci-for-jira': {
    egress: 3,
    // `https://oidc.circleci.com/org/*/.well-known/jwks-pub.json`: the * is in the path.
    wildcards: [],
    remotes: ['connect'],
    dynamicTriggers: ['orb-webtrigger'],
    connect: true,
    outdated: [],
    eligible: false,
    disqualifiers: [
      'no-remotes',
      'no-non-analytics-egress',
      'no-connect-modules',
      'static-web-triggers',
    ],
    suggests: { G1: 'connect (proves)', S12: 'yes (proves)', P1: 'yes (presumes)' },
  },
  'jenkins-for-jira': {
    egress: 9,
    wildcards: [],
    remotes: [],
    // Neither declares response.type, so both are dynamic.
    dynamicTriggers: ['jenkins-webtrigger', 'reset-jenkins-webtrigger'],
    connect: false,
    outdated: [],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress', 'static-web-triggers'],
    suggests: { G1: 'forge-hosted (proves)', S12: 'yes (proves)', P10: 'no (proves)' },
  },
  'gitlab-for-compass': {
    egress: 7,
    wildcards: [
      '*.services.atlassian.com',
      '*.gitlab.com',
      '*.atlassian.com',
      '*.atl-paas.net',
      '*.atlassian.com',
    ],
    remotes: [],
    dynamicTriggers: ['gitlab-event-webtrigger'],
    connect: false,
    outdated: ['app.runtime.name'],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress', 'static-web-triggers'],
    // gitlab.com is outside Atlassian and declares no inScopeEUD: a presumption only.
    suggests: { S12: 'no (proves)', P1: 'yes (presumes)', G3: '' },
  },
  'ghe-for-jira': {
    ...NONE,
    dynamicTriggers: ['webhook-receiver'],
    outdated: ['app.runtime'],
    eligible: false,
    disqualifiers: ['static-web-triggers'],
    // The dynamic web trigger is a way out, so "nothing leaves" is not proven.
    suggests: { G1: 'forge-hosted (proves)', G2: 'no (proves)', P1: 'no (presumes)' },
  },
  'compass-statuspage-dataprovider': {
    egress: 2,
    wildcards: ['*.statuspage.io', '*.status.atlassian.com'],
    remotes: [],
    dynamicTriggers: ['handle-statuspage-event'],
    connect: false,
    outdated: ['app'],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress', 'static-web-triggers'],
    suggests: { S12: 'no (proves)', P1: 'yes (presumes)' },
  },
  'mermaid-diagrams-viewer': {
    ...NONE,
    outdated: [],
    eligible: true,
    disqualifiers: [],
    suggests: HOSTED_NOTHING_LEAVES,
  },
  'issue-status-helper': {
    egress: 1,
    wildcards: ['*.atlassian.net'],
    remotes: [],
    dynamicTriggers: [],
    connect: false,
    outdated: ['app.runtime.name'],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress'],
    // Avatar images from Atlassian's own hosts: nothing is presumed to leave Atlassian.
    suggests: { P1: 'no (presumes)', P2: 'no (presumes)', S12: 'no (proves)' },
  },
  'fsrt-damn-vulnerable': {
    egress: 1,
    wildcards: ['*'],
    remotes: [],
    dynamicTriggers: ['authenticated-webtrigger'],
    connect: false,
    outdated: [
      'app',
      'modules.jira:adminPage[0].function',
      'modules.jira:issueGlance[0].function',
      'modules.jira:globalPage[0].function',
      'modules.jira:issuePanel[0].function',
      'modules.jira:projectPage[0].function',
      'modules.jira:projectSettingsPage[0].function',
      'modules.jira:dashboardGadget[0].function',
    ],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress', 'static-web-triggers'],
    suggests: { S12: 'no (proves)' },
  },
  'fsrt-basic': {
    ...NONE,
    outdated: ['app', 'modules.macro[0].function'],
    eligible: true,
    disqualifiers: [],
    suggests: HOSTED_NOTHING_LEAVES,
  },
  'fsrt-jira-pp': {
    egress: 1,
    wildcards: ['*'],
    remotes: [],
    dynamicTriggers: [],
    connect: false,
    outdated: ['app.runtime.name'],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress'],
    suggests: { S12: 'no (proves)', P1: 'yes (presumes)' },
  },
  'onlyoffice-jira-cloud': {
    egress: 2,
    wildcards: [],
    remotes: ['onlyoffice-backend'],
    dynamicTriggers: [],
    connect: false,
    outdated: [],
    eligible: false,
    disqualifiers: ['no-remotes', 'no-non-analytics-egress'],
    // A frames host is ${FORGE_REMOTE_APP_URL}: known only at deploy.
    suggests: { G1: 'forge-remote (proves)', S12: 'yes (presumes)', P5: 'no (presumes)' },
  },
  'conf-mini-sites': {
    egress: 6,
    wildcards: [],
    remotes: ['control', 'control-stg', 'control-prod'],
    dynamicTriggers: [],
    connect: false,
    outdated: [],
    eligible: false,
    disqualifiers: ['no-remotes', 'no-non-analytics-egress'],
    // Mixpanel is analytics, but not categorised so: a presumption to confirm.
    suggests: { G1: 'forge-remote (proves)', G3: 'yes (presumes)', P9: 'no (presumes)' },
  },
  testplanit: {
    egress: 6,
    wildcards: ['*.testplanit.com', '*.testplanit.com', '*.testplanit.com'],
    remotes: [],
    dynamicTriggers: [],
    connect: false,
    outdated: ['app.runtime.name'],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress'],
    suggests: { S12: 'no (proves)' },
  },
  meetingmind: {
    egress: 1,
    wildcards: [],
    remotes: [],
    dynamicTriggers: [],
    connect: false,
    outdated: [],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress'],
    suggests: { P1: 'yes (presumes)', P2: 'yes (presumes)', S12: 'yes (proves)' },
  },
  'firsttry-governance': {
    ...NONE,
    outdated: ['app.runtime.name'],
    eligible: true,
    disqualifiers: [],
    suggests: HOSTED_NOTHING_LEAVES,
  },
  'jira-cortex': {
    egress: 3,
    wildcards: [],
    remotes: [],
    dynamicTriggers: [],
    connect: false,
    outdated: ['app.runtime.name'],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress'],
    suggests: { P1: 'yes (presumes)', S12: 'yes (proves)' },
  },
  'rovo-hello-world-agent': {
    ...NONE,
    outdated: [],
    eligible: true,
    disqualifiers: [],
    suggests: HOSTED_NOTHING_LEAVES,
  },
  'rovo-unsplash-agent': {
    egress: 1,
    wildcards: [],
    remotes: [],
    dynamicTriggers: [],
    connect: false,
    outdated: [],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress'],
    suggests: { P1: 'yes (presumes)', P10: 'no (proves)' },
  },
  'rovo-openai-image-agent': {
    egress: 1,
    wildcards: [],
    remotes: [],
    dynamicTriggers: [],
    connect: false,
    outdated: ['app.runtime.name'],
    eligible: false,
    disqualifiers: ['no-non-analytics-egress'],
    suggests: { P1: 'yes (presumes)', P5: 'no (presumes)' },
  },
};

function corpusText(name: string): string {
  return readFileSync(join(CORPUS_DIR, `${name}.yml`), 'utf8');
}

function report(name: string): ManifestReport {
  return manifestReport(readManifestFacts(corpusText(name)), name, trustReadinessV2);
}

describe('the manifest corpus', () => {
  it('has a table row for every manifest, at least 15, each naming its source and commit', () => {
    const files = readdirSync(CORPUS_DIR)
      .filter((f) => f.endsWith('.yml'))
      .map((f) => f.slice(0, -4))
      .sort();
    expect(files).toEqual(Object.keys(CORPUS).sort());
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const name of files) {
      expect(corpusText(name)).toMatch(
        /^# Source: https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/blob\/[0-9a-f]{40}\/\S+\n/,
      );
    }
  });

  it.each(Object.entries(CORPUS))('%s reads as a careful reviewer reads it', (name, expected) => {
    const { facts, runsOnAtlassian, suggestions } = report(name);
    const suggested = new Map(suggestions.map((s) => [s.questionId, `${s.value} (${s.strength})`]));
    expect({
      egress: facts.egress.length,
      wildcards: facts.egress.filter((e) => e.wildcard).map((e) => e.host),
      remotes: facts.remotes.map((r) => r.key),
      dynamicTriggers: facts.webTriggers.filter((t) => t.dynamic).map((t) => t.key),
      connect: facts.connectModules || facts.connect.remote !== undefined,
      outdated: facts.outdated.map((o) => o.path),
      eligible: runsOnAtlassian.eligible,
      disqualifiers: [...new Set(runsOnAtlassian.disqualifiers.map((d) => d.id))],
      suggests: Object.fromEntries(
        Object.keys(expected.suggests).map((id) => [id, suggested.get(id) ?? '']),
      ),
    }).toEqual(expected);
    // Every fact and disqualifier points at its manifest line.
    for (const item of [...facts.egress, ...facts.remotes, ...facts.webTriggers]) {
      expect(item.line).toBeGreaterThan(0);
    }
    for (const d of runsOnAtlassian.disqualifiers) expect(d.line).toBeGreaterThan(0);
  });

  it.each(Object.keys(CORPUS))('%s runs through the findings of both packs', (name) => {
    const facts = readManifestFacts(corpusText(name));
    const answers: Answers = {
      G1: { value: 'forge-hosted' },
      G2: { value: 'yes' },
      G3: { value: 'yes' },
      P1: { value: 'no' },
      P2: { value: 'no' },
      T4: { value: 'yes' },
    };
    for (const pack of [trustReadinessV1, trustReadinessV2]) {
      expect(() => runFindings(pack, answers, facts)).not.toThrow();
      expect(() => runFindings(pack, {}, facts)).not.toThrow();
      expect(() => pack.suggest(facts)).not.toThrow();
    }
  });
});

describe('honest answers are never failed by a presumption (rule set v2)', () => {
  const settlement = (name: string, answers: Answers, questionId: string) =>
    runFindings(trustReadinessV2, answers, readManifestFacts(corpusText(name))).settlements.find(
      (s) => s.questionId === questionId,
    )?.outcome;

  it('an app whose only egress is avatar images from *.atlassian.net passes T3 with P1 no', () => {
    const answers: Answers = {
      G1: { value: 'forge-hosted' },
      G2: { value: 'yes' },
      G3: { value: 'no' },
      P1: { value: 'no' },
      P2: { value: 'no' },
    };
    expect(settlement('issue-status-helper', answers, 'T3')).toBe('pass');
  });

  it('an app presumed to send data out still passes T3 when the partner says it does not', () => {
    const answers: Answers = {
      G1: { value: 'forge-hosted' },
      G2: { value: 'yes' },
      G3: { value: 'no' },
      P1: { value: 'no' },
      P2: { value: 'no' },
    };
    expect(settlement('meetingmind', answers, 'T3')).toBe('pass');
  });

  it('a web trigger is a way out: P1 yes is not contradicted by an app with only a web trigger', () => {
    const answers: Answers = { P1: { value: 'yes' }, P2: { value: 'yes' } };
    const findings = runFindings(
      trustReadinessV2,
      answers,
      readManifestFacts(corpusText('ghe-for-jira')),
    );
    expect(findings.contradictions.filter((c) => c.checkId === 'manifest-consistency')).toEqual([]);
  });

  it('a * in a URL path does not fail S12', () => {
    expect(settlement('circleci-for-jira', { S12: { value: 'yes' } }, 'S12')).toBeUndefined();
  });

  it.each(['mermaid-diagrams-viewer', 'rovo-hello-world-agent', 'firsttry-governance'])(
    '%s, with no egress at all, passes P10 from the manifest without T4',
    (name) => {
      expect(settlement(name, {}, 'P10')).toBe('pass');
    },
  );
});
