import { rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  ConfigFile,
  FileSystemReader,
  FileSystemWriter,
  listGitIgnoreFiles,
  StatsigReader,
  type StatsigService,
} from '@forge/cli-shared';
import { lint, parseSourceFile, problemCount, type LintResult } from '@forge/lint';
import { stageApp } from './stage-app';

/**
 * `forge lint`, offline: Atlassian's client-side linters (permission scopes, handlers, the full
 * manifest validation, storage, egress, deprecated APIs...) over the function sources and
 * manifest.yml. The file list, the excludes and the call are @forge/bundler's runLinter (what
 * `forge tunnel`/`forge lint` run): recursiveReadDir('./src') minus .gitignore, .git and
 * node_modules, then lint(files, manifest, 'development', logger, statsig, client-side).
 *
 * Two things the CLI gets from the network are supplied locally:
 * - feature flags (Statsig): the reader's own defaults, which is what a logged-out CLI uses;
 * - the product REST API specs the permission linter maps calls to scopes with: through the
 *   linter's own USE_LOCAL_SWAGGER switch, an excerpt of Jira's spec (fixtures/) covering the
 *   operations these tests call. A call to an operation missing from it goes unchecked, so the
 *   excerpt must grow with every new product API the app calls.
 */

const FIXTURES = join(__dirname, 'fixtures');
const TIMEOUT = 60_000;

/** Flags from nowhere: every gate and dynamic config falls back to the reader's default. */
class OfflineStatsig extends StatsigReader {
  async checkGate(): Promise<boolean | null> {
    return null;
  }
  async getDynamicConfig(): Promise<null> {
    return null;
  }
}

interface LintRun {
  linted: string[];
  results: LintResult[];
  messages: string[];
}

async function forgeLint(app: string): Promise<LintRun> {
  const previous = process.cwd();
  const env = { ...process.env };
  process.chdir(app);
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: 'true',
    LOCAL_JIRA_SWAGGER: join(FIXTURES, 'jira-platform-openapi-excerpt.json'),
    LOCAL_JSM_SWAGGER: join(FIXTURES, 'empty-openapi.json'),
    LOCAL_JSW_SWAGGER: join(FIXTURES, 'empty-openapi.json'),
    LOCAL_CONF_SWAGGER: join(FIXTURES, 'empty-openapi.json'),
    LOCAL_CONF_V2_SWAGGER: join(FIXTURES, 'empty-openapi.json'),
    LOCAL_BB_SWAGGER: join(FIXTURES, 'empty-openapi.json'),
    // The permission linter opens a cache store under the config folder; keep it in the copy.
    XDG_CONFIG_HOME: join(app, '.config'),
  });
  try {
    const reader = new FileSystemReader();
    const exclude = [...(await listGitIgnoreFiles(reader)), '.git', 'node_modules'];
    const files = await reader.recursiveReadDir('./src', exclude);
    const manifest = await new ConfigFile(reader, new FileSystemWriter()).readConfig();
    const linted: string[] = [];
    const logged: string[] = [];
    const results = await lint(
      files,
      manifest,
      'development',
      { info: (line) => logged.push(line) },
      new OfflineStatsig() as unknown as StatsigService,
      {
        linter: { mode: 'client-side' },
        // The default parser, recording which files the linter actually parsed.
        parseFunction: (filepath, parser, readFile) => {
          linted.push(relative(app, resolve(filepath)));
          return parseSourceFile(filepath, parser, readFile);
        },
      },
    );
    const messages = results.flatMap((result) =>
      [...result.errors, ...result.warnings, ...result.approvals].map(
        (rule) => `${result.file}:${rule.line}:${rule.column} ${rule.message}`,
      ),
    );
    return { linted: linted.sort(), results, messages };
  } finally {
    process.chdir(previous);
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
  }
}

describe('@forge/lint on this app (what `forge lint` runs)', () => {
  let app: string;
  let run: LintRun;

  beforeAll(async () => {
    app = stageApp('forge-lint-app-');
    run = await forgeLint(app);
  }, TIMEOUT);

  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('lints the TypeScript function sources, not zero files', () => {
    console.log(`forge lint: ${run.linted.length} files linted`);
    expect(run.linted.length).toBeGreaterThan(0);
    expect(run.linted).toEqual(expect.arrayContaining(['src/index.ts', 'src/auth/admin.ts']));
    expect(run.linted.every((file) => /\.[cm]?[jt]sx?$/.test(file))).toBe(true);
  });

  it('finds no errors, warnings or approvals in the sources and manifest.yml', () => {
    expect(run.messages).toEqual([]);
    expect(problemCount(run.results)).toEqual({ errors: 0, warnings: 0, approvals: 0 });
  });
});

describe('@forge/lint failure detection (the check can fail)', () => {
  it(
    'flags a Jira API call whose scope the manifest does not declare',
    async () => {
      const app = stageApp('forge-lint-app-');
      try {
        writeFileSync(
          join(app, 'src', 'read-issue.ts'),
          "import api, { route } from '@forge/api';\n\n" +
            'export async function readIssue(): Promise<unknown> {\n' +
            '  const response = await api.asUser().requestJira(route`/rest/api/3/issue/X`);\n' +
            '  return response.json();\n' +
            '}\n',
        );
        const run = await forgeLint(app);
        expect(run.linted).toContain('src/read-issue.ts');
        expect(problemCount(run.results).errors).toBeGreaterThan(0);
        console.log(`forge lint on the seeded call:\n${run.messages.join('\n')}`);
        expect(run.messages.join('\n')).toMatch(/read-issue\.ts:4:.*read:jira-work/);
      } finally {
        rmSync(app, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  it(
    'lints nothing when tsconfig.json includes bare folder names (why the include uses globs)',
    async () => {
      const app = stageApp('forge-lint-app-');
      try {
        writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ include: ['src'] }));
        const run = await forgeLint(app);
        // Plain .js files are always parsed; a .ts file only when tsconfig's include lists it.
        expect(run.linted.filter((file) => /\.tsx?$/.test(file))).toEqual([]);
      } finally {
        rmSync(app, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
