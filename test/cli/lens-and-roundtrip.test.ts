import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  ANSWERS_FILE_HOSTING_TYPES,
  parseAnswersFile,
  toAnswersFile,
  toAssessmentExport,
} from '../../src/domain/answers-file';
import { assess } from '../../src/domain/assess';
import { toJson } from '../../src/domain/export';
import { renderLens } from '../../src/domain/lens';
import {
  lensesV2,
  ruleSetV2,
  trustReadinessV2,
} from '../../src/domain/rules/packs/trust-readiness-v2';
import { HOSTING_TYPES } from '../../src/shared/api';
import { SEED_ANSWERS } from '../unit/rules/v2-support';
import { AS_OF, FIXTURES, REPO_ROOT, runCli } from './cli-harness';
import { SEED_FILE, seedAnswers } from './ps-tab-support';

const SEED_APP = { name: 'Seed App', key: 'com.example.seed-app' };

describe("the seed's German customer through the EU lens", () => {
  it('names the storage countries, the missing residency and the missing ISO 27001, deal-breakers first', async () => {
    const r = await runCli([
      'score',
      SEED_FILE,
      '--lens',
      'eu-regulated',
      '--format',
      'json',
      '--as-of',
      AS_OF,
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      overall: unknown;
      lens: { id: string; dealBreakers: { questionId: string; says: string }[] };
    };
    expect(json.overall).toBeDefined();
    expect(json.lens.id).toBe('eu-regulated');
    const byId = Object.fromEntries(json.lens.dealBreakers.map((d) => [d.questionId, d.says]));
    expect(Object.keys(byId)).toEqual(['P16', 'P4', 'C7']);
    expect(byId.P16).toContain('United States');
    expect(byId.P4).toMatch(/data residency/i);
    expect(byId.C7).toContain('ISO 27001');
  });

  it('the pure renderer gives the same on the seed answers of the rule tests', () => {
    const report = assess(trustReadinessV2, SEED_ANSWERS, { asOf: AS_OF });
    const eu = lensesV2.find((l) => l.id === 'eu-regulated');
    if (!eu) throw new Error('no EU lens');
    const view = renderLens(eu, ruleSetV2, SEED_ANSWERS, report);
    expect(view.dealBreakers.map((d) => d.questionId)).toEqual(['P16', 'P4', 'C7']);
  });

  it('the US lens asks for SOC 2 Type II; text output puts the lens first', async () => {
    const r = await runCli(['score', SEED_FILE, '--lens', 'us-enterprise', '--as-of', AS_OF]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Buyer's view: US enterprise buyer \(--lens us-enterprise\)\n/);
    expect(r.stdout).toMatch(/Deal-breakers \(\d\):\n {4}C7 {2}No SOC 2 Type II report/);
  });

  it('rejects an unknown lens, a v1 file and formats without a lens view', async () => {
    const unknown = await runCli(['score', SEED_FILE, '--lens', 'mars']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('known: eu-regulated, us-enterprise');
    const v1 = await runCli(['score', `${FIXTURES}/low-score.yaml`, '--lens', 'eu-regulated']);
    expect(v1.code).toBe(2);
    expect(v1.stderr).toContain('has no buyer lenses');
    const csv = await runCli(['score', SEED_FILE, '--lens', 'eu-regulated', '--format', 'csv']);
    expect(csv.code).toBe(2);
  });
});

describe('one answers format both ways', () => {
  it('answers file -> import -> export is byte for byte the same', () => {
    const text = readFileSync(path.join(REPO_ROOT, SEED_FILE), 'utf8');
    const parsed = parseAnswersFile(text, { fileName: SEED_FILE });
    if (!parsed.ok) throw new Error(parsed.error.reason);
    const body = text.replace(/^(#.*\n)+/, '');
    expect(toAnswersFile('trust-readiness@2.0.0', parsed.file.answers, parsed.file.app)).toBe(body);
    // evidence and notes survive
    expect(parsed.file.answers.C1).toEqual({
      value: ['privacy-policy', 'end-user-terms'],
      evidence: { url: 'https://seed.example/legal', expires: '2027-06-30' },
      note: 'Reviewed by legal in November',
    });
  });

  it("the app's JSON export -> score with the CLI gives the app's report", async () => {
    const answers = seedAnswers();
    const report = assess(trustReadinessV2, answers, { asOf: AS_OF });
    const exported = toAssessmentExport(report, SEED_APP, answers);
    const r = await runCli(['score', 'export.json', '--format', 'json', '--as-of', AS_OF], {
      virtual: { 'export.json': exported },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(toJson(report, SEED_APP));
    const { answers: carried, ...reportPart } = JSON.parse(exported) as Record<string, unknown>;
    expect(JSON.parse(r.stdout)).toEqual(reportPart);
    expect(carried).toEqual(answers);
  });

  it('export -> import -> answers file keeps every answer, evidence and note', () => {
    const answers = seedAnswers();
    const report = assess(trustReadinessV2, answers, { asOf: AS_OF });
    const parsed = parseAnswersFile(toAssessmentExport(report, SEED_APP, answers));
    if (!parsed.ok) throw new Error(parsed.error.reason);
    expect(parsed.file.source).toBe('assessment-export');
    expect(parsed.file.answers).toEqual(answers);
    expect(toAnswersFile('trust-readiness@2.0.0', parsed.file.answers, parsed.file.app)).toBe(
      toAnswersFile('trust-readiness@2.0.0', answers, SEED_APP),
    );
  });

  it('a report-only export is refused with a line that says why', async () => {
    const report = assess(trustReadinessV2, seedAnswers(), { asOf: AS_OF });
    const r = await runCli(['score', 'report.json'], {
      virtual: { 'report.json': toJson(report, SEED_APP) },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^trust-assess: report\.json: answers: this export is a report without answers/,
    );
  });

  it('parseAnswersFile gives the UI the CLI message, and lists every issue', async () => {
    const file = `${FIXTURES}/wrong-value-type.yaml`;
    const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    const parsed = parseAnswersFile(text, { fileName: file });
    if (parsed.ok) throw new Error('expected an error');
    const cli = await runCli(['score', file]);
    const field = parsed.error.field === undefined ? '' : `${parsed.error.field}: `;
    expect(cli.stderr).toBe(`trust-assess: ${file}: ${field}${parsed.error.reason}\n`);
    expect(parsed.issues.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps its hosting types in step with the API', () => {
    expect([...ANSWERS_FILE_HOSTING_TYPES]).toEqual([...HOSTING_TYPES]);
  });
});

describe('init --from-manifest', () => {
  it('starts a v2 answers file with every suggestion the manifest supports, and it scores', async () => {
    const manifest = 'test/fixtures/manifests/no-egress.yml';
    const init = await runCli(['init', '--from-manifest', manifest]);
    expect(init.code).toBe(0);
    const parsed = parseAnswersFile(init.stdout, { format: 'yaml' });
    if (!parsed.ok) throw new Error(parsed.error.reason);
    const { readManifestFacts } = await import('../../src/domain/manifest/read');
    const facts = readManifestFacts(readFileSync(path.join(REPO_ROOT, manifest), 'utf8'));
    const suggested = trustReadinessV2.suggest(facts);
    expect(suggested.length).toBeGreaterThan(5);
    for (const s of suggested) {
      const value = parsed.file.answers[s.questionId]?.value;
      expect(Array.isArray(value) ? value : [value]).toContain(s.value);
    }
    expect(Object.keys(parsed.file.answers).sort()).toEqual(
      [...new Set(suggested.map((s) => s.questionId))].sort(),
    );
    const score = await runCli(['score', 'started.yaml'], {
      virtual: { 'started.yaml': init.stdout },
    });
    expect(score.code).toBe(0);
  });
});
