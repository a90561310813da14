import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Answers } from '../../src/domain/answers';
import { parseAnswersFile } from '../../src/domain/answers-file';
import { API_LIMITS, type ExportResult } from '../../src/shared/api';
import { seedAnswers } from '../cli/ps-tab-support';
import { VIEWER, invoke, ok, startPlatform } from '../support/platform';

/**
 * Issue 11, "one answers format both ways": the assessment exported as the CLI's answers file
 * scores in the CLI exactly as in the app, and goes back into another assessment unchanged.
 */
jest.setTimeout(90_000);

const REPO_ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(REPO_ROOT, 'bin', 'trust-assess.js');
const MANIFEST = readFileSync(
  path.join(REPO_ROOT, 'test/fixtures/manifests/remote-and-egress.yml'),
  'utf8',
);
const APP = { appName: 'Seed App', appKey: 'com.example.seed-app', hosting: 'forge-remote' };
const FORMATS = ['answers-yaml', 'answers-json'] as const;

/** The seed's answers, plus the kinds of entered text the file must carry. */
function answersToStore(): Answers {
  const answers = seedAnswers();
  answers.S1 = {
    value: 'yes',
    evidence: { url: 'https://seed.example/auth', expires: '2027-03-31' },
    note: 'Every resolver checks the caller: "asUser" only.\nSecond line, with: a colon.',
  };
  // A failed blocker, so the reports compared below have one.
  answers.S8 = { value: 'yes', note: 'We ask for an API token at install; fixing in Q1.' };
  return answers;
}

let platform: ReturnType<typeof startPlatform>;
let dir: string;

beforeEach(() => {
  platform = startPlatform();
  dir = mkdtempSync(path.join(tmpdir(), 'answers-export-'));
});

afterEach(() => {
  platform.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An assessment filled in as a partner would: saves of as many answers as one save takes. */
async function filledAssessment(options: { manifest?: boolean } = {}): Promise<string> {
  const created = ok(await invoke(platform, 'createAssessment', APP));
  const id = created.assessment.id;
  let revision = created.assessment.revision;
  const entries = Object.entries(answersToStore());
  for (let i = 0; i < entries.length; i += API_LIMITS.answersPerSave) {
    const saved = ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: revision,
        answers: Object.fromEntries(entries.slice(i, i + API_LIMITS.answersPerSave)),
      }),
    );
    revision = saved.revision;
  }
  if (options.manifest) {
    ok(
      await invoke(platform, 'attachManifest', {
        id,
        expectedRevision: revision,
        manifest: MANIFEST,
      }),
    );
  }
  return id;
}

async function exported(id: string, format: ExportResult['format']): Promise<ExportResult> {
  return ok(await invoke(platform, 'exportAssessment', { id, format }));
}

function cliScore(file: string, args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, [BIN, 'score', file, '--format', 'json', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (run.stderr !== '') throw new Error(`trust-assess wrote to stderr: ${run.stderr}`);
  return { status: run.status, stdout: run.stdout };
}

describe.each(FORMATS)('the %s export', (format) => {
  it('scores with the CLI to the app’s own report: score, level, blockers and the rest', async () => {
    const id = await filledAssessment({ manifest: true });
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    const file = await exported(id, format);
    expect(file.format).toBe(format);
    expect(file.filename).toBe(
      format === 'answers-yaml' ? 'Seed-App-answers.yaml' : 'Seed-App-answers.json',
    );
    expect(file.mimeType).toBe(format === 'answers-yaml' ? 'application/yaml' : 'application/json');

    const answersPath = path.join(dir, file.filename);
    const manifestPath = path.join(dir, 'manifest.yml');
    writeFileSync(answersPath, file.content);
    writeFileSync(manifestPath, MANIFEST);
    const run = cliScore(answersPath, ['--manifest', manifestPath, '--as-of', detail.report.asOf]);
    expect(run.status).toBe(0);
    const { app, ...cliReport } = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(app).toEqual({ name: 'Seed App', key: 'com.example.seed-app', hosting: 'forge-remote' });
    const report = detail.report;
    expect(report.manifestSupplied).toBe(true);
    expect(report.blockers.length).toBeGreaterThan(0);
    expect(cliReport.overall).toEqual(report.overall);
    expect(cliReport.blockers).toEqual(report.blockers);
    expect(cliReport).toEqual(report);
  });

  it('carries every answer with its evidence, notes and N/A justification', async () => {
    const id = await filledAssessment();
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    const file = await exported(id, format);
    const parsed = parseAnswersFile(file.content, { fileName: file.filename });
    if (!parsed.ok) throw new Error(parsed.error.reason);
    expect(parsed.file.answers).toEqual(detail.answers);
    expect(parsed.file.answers).toEqual(answersToStore());
    expect(parsed.file.answers.T7).toEqual({
      notApplicable: true,
      justification: 'No data residency is offered.',
    });
    expect(parsed.file.answers.S1?.note).toContain('\nSecond line');
  });

  it('imported into another assessment and exported again, is byte for byte the same', async () => {
    const id = await filledAssessment();
    const first = await exported(id, format);

    const target = ok(await invoke(platform, 'createAssessment', APP)).assessment;
    const preview = ok(
      await invoke(platform, 'previewImport', {
        id: target.id,
        source: { kind: 'file', text: first.content },
      }),
    );
    expect(preview.ignored).toEqual([]);
    // G1 (hosting) is already answered from the create dialog's choice, the same value.
    expect(preview.changes.length + preview.unchanged).toBe(Object.keys(answersToStore()).length);
    ok(
      await invoke(platform, 'importAnswers', {
        id: target.id,
        expectedRevision: preview.revision,
        answers: Object.fromEntries(preview.changes.map((c) => [c.questionId, c.after])),
        source: 'answers-file',
      }),
    );
    const again = await exported(target.id, format);
    expect(again.content).toBe(first.content);
    expect(again.filename).toBe(first.filename);
  });
});

describe('the report exports carry what the partner entered', () => {
  it('Markdown: evidence with its expiry, notes and N/A justifications', async () => {
    const id = await filledAssessment();
    const md = await exported(id, 'markdown');
    expect(md.filename).toBe('Seed-App-trust-readiness.md');
    const section = md.content.slice(md.content.indexOf('## What the partner entered'));
    expect(section).toMatch(
      /\| C1: .*\[https:\/\/seed\.example\/legal\]\(https:\/\/seed\.example\/legal\) \(expires 2027-06-30\) \| Reviewed by legal in November/,
    );
    expect(section).toContain('We ask for an API token at install; fixing in Q1.');
    expect(section).toMatch(/\| T7: .*\| No data residency is offered\. \|/);
  });

  it('JSON: the report with every answer as stored, which the CLI reads back', async () => {
    const id = await filledAssessment();
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    const json = await exported(id, 'json');
    const body = JSON.parse(json.content) as { answers: Answers };
    expect(body.answers).toEqual(detail.answers);
    expect(body.answers.C1?.evidence).toEqual({
      url: 'https://seed.example/legal',
      expires: '2027-06-30',
    });
  });
});

describe('exporting an answers file is guarded like every resolver', () => {
  it('refuses a user who is not a Jira administrator, and an unknown format', async () => {
    const id = await filledAssessment();
    const denied = await invoke(
      platform,
      'exportAssessment',
      { id, format: 'answers-yaml' },
      VIEWER,
    );
    expect(denied.ok ? 'ok' : denied.error.code).toBe('FORBIDDEN');
    const unknown = await invoke(platform, 'exportAssessment', { id, format: 'answers-toml' });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('VALIDATION');
    const extra = await invoke(platform, 'exportAssessment', {
      id,
      format: 'answers-yaml',
      answersFile: 'answers-json',
    });
    expect(extra.ok ? 'ok' : extra.error.code).toBe('VALIDATION');
  });

  it('answers NOT_FOUND for an assessment that does not exist', async () => {
    const missing = await invoke(platform, 'exportAssessment', {
      id: 'no-such-assessment',
      format: 'answers-json',
    });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('NOT_FOUND');
  });
});
