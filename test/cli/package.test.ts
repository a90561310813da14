import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { REPO_ROOT } from './cli-harness';
import { startMarketplace, type MockMarketplace } from './marketplace-server';
import { SEED_FILE, SEED_KEY, seedAnswers, tabFor } from './ps-tab-support';

const run = promisify(execFile);

jest.setTimeout(120_000);

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
async function sh(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

interface Step {
  name?: string;
  run?: string;
  uses?: string;
}

let work: string;
let project: string;
let tarball: string;
let market: MockMarketplace;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'trust-assess-pack-'));
  const build = await sh(process.execPath, ['scripts/build-cli.mjs'], { cwd: REPO_ROOT });
  expect(build.stderr).toBe('');
  const pack = await sh(
    'npm',
    ['pack', './packages/trust-assess', '--pack-destination', work, '--json'],
    {
      cwd: REPO_ROOT,
    },
  );
  expect(pack.code).toBe(0);
  const [info] = JSON.parse(pack.stdout) as {
    filename: string;
    size: number;
    files: { path: string }[];
  }[];
  if (!info) throw new Error('npm pack printed nothing');
  expect(info.files.map((f) => f.path).sort()).toEqual([
    'README.md',
    'dist/trust-assess.cjs',
    'package.json',
  ]);
  tarball = path.join(work, path.basename(info.filename));

  // An empty project: no package.json, no node_modules, nothing from this repository.
  project = path.join(work, 'partner-app');
  mkdirSync(path.join(project, 'trust'), { recursive: true });
  const install = await sh(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', tarball],
    { cwd: project },
  );
  expect(install.stderr).not.toMatch(/ERR!/);
  expect(install.code).toBe(0);
  expect(readdirSync(path.join(project, 'node_modules')).sort()).toEqual([
    '.bin',
    '.package-lock.json',
    'trust-assess',
  ]);

  copyFileSync(path.join(REPO_ROOT, SEED_FILE), path.join(project, 'trust', 'answers.yaml'));
  copyFileSync(
    path.join(REPO_ROOT, 'test/fixtures/manifests/remote-and-egress.yml'),
    path.join(project, 'manifest.yml'),
  );

  market = await startMarketplace();
  market.tabs.set(SEED_KEY, { live: tabFor(seedAnswers(), true) });
  env = {
    PATH: `${path.join(project, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: work,
    npm_config_offline: 'true',
    npm_config_cache: path.join(work, 'npm-cache'),
    TRUST_ASSESS_MARKETPLACE_URL: market.url,
    MARKETPLACE_EMAIL: market.credentials.email,
    MARKETPLACE_API_TOKEN: market.credentials.token,
    GITHUB_STEP_SUMMARY: path.join(work, 'summary.md'),
    NO_COLOR: '1',
  };
}, 120_000);

afterAll(async () => {
  await market?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball in an empty project, without dev dependencies', () => {
  it('runs trust-assess score with plain node', async () => {
    const r = await sh(
      'trust-assess',
      ['score', 'trust/answers.yaml', '--format', 'json', '--as-of', '2026-11-28'],
      {
        cwd: project,
        env,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { app: { name: string } }).app.name).toBe('Seed App');
    const head = readFileSync(
      path.join(project, 'node_modules', 'trust-assess', 'dist', 'trust-assess.cjs'),
      'utf8',
    ).slice(0, 20);
    expect(head).toBe('#!/usr/bin/env node\n');
  });

  it('runs ps-tab diff against the Marketplace and exits 1 on drift', async () => {
    const clean = await sh(
      'trust-assess',
      ['ps-tab', 'diff', 'trust/answers.yaml', '--manifest', 'manifest.yml'],
      {
        cwd: project,
        env,
      },
    );
    expect(clean.stdout).toMatch(/^No drift: the live tab of com\.example\.seed-app matches/);
    expect(clean.code).toBe(0);

    market.tabs.set(SEED_KEY, {
      live: { dataResidency: { countriesWhereEndUserDataStored: ['Germany'] } },
    });
    const drift = await sh('trust-assess', ['ps-tab', 'diff', 'trust/answers.yaml'], {
      cwd: project,
      env,
    });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('drift: countriesWhereEndUserDataStored');
    market.tabs.set(SEED_KEY, { live: tabFor(seedAnswers(), true) });
  });

  it('runs every trust-assess command of examples/github-actions.yml', async () => {
    const workflow = parse(
      readFileSync(path.join(REPO_ROOT, 'examples/github-actions.yml'), 'utf8'),
    ) as {
      jobs: Record<string, { steps: Step[] }>;
    };
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const scripts = steps
      .map((s) => s.run)
      .filter((r): r is string => r !== undefined && r.includes('trust-assess'));
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    expect(scripts.join('\n')).toContain('ps-tab diff');
    for (const script of scripts) {
      const r = await sh('bash', ['-eo', 'pipefail', '-c', script], { cwd: project, env });
      if (r.code !== 0) throw new Error(`"${script}" exited ${r.code}: ${r.stderr}`);
    }
    expect(readFileSync(path.join(work, 'summary.md'), 'utf8')).toMatch(/^# Trust readiness/);
    expect(readFileSync(path.join(project, 'eu-buyer.txt'), 'utf8')).toMatch(
      /^Buyer's view: EU\/DACH regulated buyer/,
    );
  });
});
