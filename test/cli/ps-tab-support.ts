import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAnswersFile, toAnswersFile } from '../../src/domain/answers-file';
import type { Answers } from '../../src/domain/answers';
import { psTabJson } from '../../src/domain/export';
import { tabPutBody } from '../../src/domain/export/ps-tab-api';
import type { PsTabFieldsLayout } from '../../src/domain/rules/pack';
import { ruleSetV2, trustReadinessV2 } from '../../src/domain/rules/packs/trust-readiness-v2';
import { allPassingV2 } from '../unit/rules/v2-support';
import { REPO_ROOT } from './cli-harness';

export const SEED_FILE = 'test/fixtures/answers/seed-v2.yaml';
export const SEED_KEY = 'com.example.seed-app';
export const layout = trustReadinessV2.psTab as PsTabFieldsLayout;

export function seedAnswers(): Answers {
  const parsed = parseAnswersFile(readFileSync(path.join(REPO_ROOT, SEED_FILE), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.file.answers;
}

/** The TrustInfo a tab filled in exactly from these answers would hold. */
export function tabFor(answers: Answers, manifestSupplied = false): Record<string, unknown> {
  return tabPutBody(psTabJson(layout, ruleSetV2, answers, manifestSupplied)).appTrustInformation;
}

/** A Forge-hosted app whose tab truthfully says no data leaves Atlassian. */
export const HOSTED_KEY = 'com.example.hosted';
export const HOSTED_ANSWERS: Answers = allPassingV2({
  G1: 'forge-hosted',
  G2: 'no',
  G3: 'no',
  G4: 'no',
  G5: 'no',
  G6: 'no',
  G7: 'no',
  P1: 'no',
  P2: 'no',
  P13: 'no',
});
export const HOSTED_FILE = toAnswersFile('trust-readiness@2.0.0', HOSTED_ANSWERS, {
  name: 'Hosted App',
  key: HOSTED_KEY,
});

export const NO_EGRESS_MANIFEST = readFileSync(
  path.join(REPO_ROOT, 'test/fixtures/manifests/no-egress.yml'),
  'utf8',
);
/** The same manifest with one non-analytics egress domain added. */
export const EGRESS_MANIFEST = NO_EGRESS_MANIFEST.replace(
  'permissions:\n  scopes:\n    - read:jira-work\n',
  'permissions:\n  scopes:\n    - read:jira-work\n  external:\n    fetch:\n      backend:\n        - address: api.partner-sync.example\n',
);
