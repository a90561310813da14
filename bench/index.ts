/**
 * Prints measured figures; never asserts. `npm run bench` for a table, `-- --json` for one
 * JSON object other tools can read. `--skip-ui` leaves out the browser measurements.
 *
 * Groups: `scoring` (in process), `cli` (whole `node bin/trust-assess.js score` processes; the
 * bench builds the CLI bundle first when a source is newer), `kvs` (the emulator's counters and
 * list-query times), `ui` (bench/ui.ts: headless Chromium on the production build; run
 * `npm run build:ui` first).
 *
 * JSON on stdout through npm: npm prints a "> name@version bench" banner before every script,
 * on stdout, so `npm run bench -- --json | jq` would not parse. The project's .npmrc sets
 * `json=true`, and in json mode npm (11.x; lib/utils/display.js) writes those banners to stderr
 * instead, so stdout is exactly the JSON object. Chosen over `loglevel=silent`, which also hides
 * the banners but with them every npm warning and error of `npm ci` and `npm test` (a failing
 * CI install would say nothing). The cost: npm's own summaries become JSON too, so `npm ci`
 * prints its result as one JSON object listing every added package (about 5,000 lines for this
 * lock file) instead of "added 1006 packages"; `npm ci --json=false` (or
 * `npm_config_json=false`) restores the one-line summary where a log should stay short; and
 * `npm pkg set` parses its values as JSON (`npm pkg set 'key="text"'`).
 * `npm run -s bench -- --json` and `npx tsx bench/index.ts --json` print bare JSON whatever the
 * configuration.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assess } from '../src/domain/assess';
import { LATEST_PACK } from '../src/domain/rules/packs';
import type { Answers } from '../src/domain/answers';
import type { KvsCounters } from '../src/local/kvs-emulator';
import { API_LIMITS } from '../src/shared/api';
import { AS_OF, STORES_OUTSIDE_GATES, allPassing } from '../test/support/answers';
import { addHistory } from '../test/support/history';
import { invoke, ok, startPlatform } from '../test/support/platform';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');

const LIST_QUERY_RUNS = 21;
const SEARCH_NEEDLE = 'Zürich Compliance Toolkit';
const SEARCH_NEEDLE_AT = 4321;

type Figures = Record<string, Record<string, number | Record<string, number>>>;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A fully answered assessment with a note and evidence on every answer: the heavy case. */
function heavyAnswers(): Answers {
  const answers = allPassing(LATEST_PACK.ruleSet, STORES_OUTSIDE_GATES);
  for (const [id, answer] of Object.entries(answers)) {
    answer.note = `How we meet ${id}: `.padEnd(400, 'detail ');
    answer.evidence ??= { url: `https://trust.example.com/evidence/${id}`, expires: '2027-12-31' };
  }
  return answers;
}

/**
 * Steady state is what a warm Forge function sees on every invocation after its first few, so
 * the headline figure is measured after one second of warm-up (V8 optimises the scoring loop
 * only after some hundreds of calls, and on a busy 2-core machine that can take that long).
 * The cold figure — the first 1,000 calls of this process — is printed beside it, not hidden.
 */
function benchScoring(): Figures['scoring'] {
  const answers = heavyAnswers();
  const cold = timeCalls(() => assess(LATEST_PACK, answers, { asOf: AS_OF }), 1000);
  const warmUntil = performance.now() + 1000;
  while (performance.now() < warmUntil) assess(LATEST_PACK, answers, { asOf: AS_OF });
  const warm = timeCalls(() => assess(LATEST_PACK, answers, { asOf: AS_OF }), 20000);
  // Nothing answered: every question is open, the most work for the next-best-action search.
  const empty = timeCalls(() => assess(LATEST_PACK, {}, { asOf: AS_OF }), 20000);
  return {
    assessmentsPerSecond: warm.perSecond,
    p50Micros: warm.p50Micros,
    p99Micros: warm.p99Micros,
    coldFirst1000PerSecond: cold.perSecond,
    emptyAssessmentPerSecond: empty.perSecond,
    questions: LATEST_PACK.ruleSet.questions.length,
  };
}

function timeCalls(
  call: () => unknown,
  iterations: number,
): { perSecond: number; p50Micros: number; p99Micros: number } {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations; i += 1) {
    const t0 = performance.now();
    call();
    samples.push((performance.now() - t0) * 1000);
  }
  const elapsedMs = performance.now() - started;
  samples.sort((a, b) => a - b);
  return {
    perSecond: Math.round((iterations / elapsedMs) * 1000),
    p50Micros: Math.round(percentile(samples, 50)),
    p99Micros: Math.round(percentile(samples, 99)),
  };
}

/** What a stored key is, for the per-key breakdown of a write. */
function keyKind(key: string, entityName: string | undefined): string {
  if (entityName === 'assessment') return 'header';
  if (entityName) return entityName;
  return /^[a-z]+/.exec(key)?.[0] ?? 'other';
}

/**
 * Bytes of each operation in the write requests `fn` sends, by the kind of key it writes
 * (header, audit, snapshot, digest, ans, manifest, review): where a save's bytesWritten go.
 * Each item is measured as @forge/kvs serialises it (key, value, entity name and conditions);
 * the request's own framing is the rest of bytesWritten.
 */
async function writtenByKind(fn: () => Promise<unknown>): Promise<Record<string, number>> {
  const inner = globalThis.__forge_fetch__;
  if (!inner) throw new Error('bench: no platform seam installed');
  const byKind: Record<string, number> = {};
  globalThis.__forge_fetch__ = async (target, path, init) => {
    const body = typeof init?.body === 'string' ? init.body : undefined;
    if (body && /\/(set|delete|transaction)$/.test(path)) {
      type Item = { key?: string; entityName?: string; entity?: unknown };
      const parsed = JSON.parse(body) as Record<string, unknown> | Item[];
      const listOf = (list: unknown): Item[] => (Array.isArray(list) ? (list as Item[]) : []);
      const items: Item[] = Array.isArray(parsed)
        ? parsed
        : [
            ...listOf(parsed.set),
            ...listOf(parsed.delete),
            ...listOf(parsed.check),
            ...(typeof parsed.key === 'string' ? [parsed as Item] : []),
          ];
      for (const item of items) {
        const entity =
          item.entityName ??
          (typeof item.entity === 'object' && item.entity !== null
            ? (item.entity as { entityName?: string }).entityName
            : undefined);
        const kind = keyKind(item.key ?? '', entity);
        byKind[kind] = (byKind[kind] ?? 0) + Buffer.byteLength(JSON.stringify(item));
      }
    }
    return inner(target, path, init);
  };
  try {
    await fn();
  } finally {
    globalThis.__forge_fetch__ = inner;
  }
  return byKind;
}

async function benchKvs(): Promise<Figures['kvs']> {
  const platform = startPlatform();
  const measure = async (fn: () => Promise<unknown>): Promise<KvsCounters> => {
    platform.kvs.resetCounters();
    await fn();
    return { ...platform.kvs.counters };
  };
  let saveOneAnswerWrittenBy: Record<string, number> = {};
  let saveOneNoteWrittenBy: Record<string, number> = {};
  try {
    let id = '';
    const create = await measure(async () => {
      id = ok(await invoke(platform, 'createAssessment', { appName: 'Bench App' })).assessment.id;
    });

    const answers = Object.entries(heavyAnswers());
    let revision = 1;
    for (let i = 0; i < answers.length; i += API_LIMITS.answersPerSave) {
      const patch = Object.fromEntries(answers.slice(i, i + API_LIMITS.answersPerSave));
      revision = ok(
        await invoke(platform, 'saveAnswers', { id, expectedRevision: revision, answers: patch }),
      ).revision;
    }

    const saveOneAnswer = await measure(async () => {
      saveOneAnswerWrittenBy = await writtenByKind(async () => {
        revision = ok(
          await invoke(platform, 'saveAnswers', {
            id,
            expectedRevision: revision,
            answers: { S1: { value: 'yes', note: 'Changed one note only.' } },
          }),
        ).revision;
      });
    });

    // Only prose changes: the digest stays as it is and is not written again.
    const s2 = answers.find(([q]) => q === 'S2')?.[1];
    const saveOneNote = await measure(async () => {
      saveOneNoteWrittenBy = await writtenByKind(async () => {
        revision = ok(
          await invoke(platform, 'saveAnswers', {
            id,
            expectedRevision: revision,
            answers: { S2: { ...s2, note: 'Only the note changed.' } },
          }),
        ).revision;
      });
    });

    let wholeAssessmentBytes = 0;
    const openAssessment = await measure(async () => {
      const detail = ok(await invoke(platform, 'getAssessment', { id }));
      // A naive design keeps header and every answer in one value and rewrites it on each save.
      wholeAssessmentBytes = Buffer.byteLength(
        JSON.stringify({ assessment: detail.assessment, answers: detail.answers }),
      );
    });

    // S1's save is one question's; how much a save writes depends on the digest shard the
    // question lives in and on what it overwrites, so every question's is measured too: each
    // answer's note replaced and its evidence dropped, one save each, on an assessment of its
    // own so that the one deleted below keeps a short history.
    const perQuestion = ok(await invoke(platform, 'createAssessment', { appName: 'Each answer' }));
    let perQuestionRevision = perQuestion.assessment.revision;
    for (let i = 0; i < answers.length; i += API_LIMITS.answersPerSave) {
      perQuestionRevision = ok(
        await invoke(platform, 'saveAnswers', {
          id: perQuestion.assessment.id,
          expectedRevision: perQuestionRevision,
          answers: Object.fromEntries(answers.slice(i, i + API_LIMITS.answersPerSave)),
        }),
      ).revision;
    }
    const perQuestionWritten: number[] = [];
    for (const [questionId, answer] of answers) {
      const changed = await measure(async () => {
        perQuestionRevision = ok(
          await invoke(platform, 'saveAnswers', {
            id: perQuestion.assessment.id,
            expectedRevision: perQuestionRevision,
            answers: {
              [questionId]: {
                ...(answer.value === undefined ? {} : { value: answer.value }),
                note: 'Changed.',
              },
            },
          }),
        ).revision;
      });
      perQuestionWritten.push(changed.bytesWritten);
    }
    perQuestionWritten.sort((a, b) => a - b);

    const listPage = async (): Promise<KvsCounters> =>
      measure(async () => ok(await invoke(platform, 'listAssessments', { limit: 50 })));
    // Wall time of the first list page (the resolver's entity query and its look for
    // unfinished purges, both answered by the emulator), median of repeated runs.
    const listQueryMs = async (): Promise<number> => {
      const samples: number[] = [];
      for (let i = 0; i < LIST_QUERY_RUNS; i += 1) {
        const t0 = performance.now();
        ok(await invoke(platform, 'listAssessments', { limit: 50 }));
        samples.push(performance.now() - t0);
      }
      return round1(median(samples));
    };
    for (let i = 1; i < 50; i += 1)
      ok(await invoke(platform, 'createAssessment', { appName: `App ${i}` }));
    const listPage50At50 = await listPage();
    const emulatorQueryMsAt50 = await listQueryMs();
    const seedStarted = performance.now();
    for (let i = 50; i < 5000; i += 1) {
      const appName = i === SEARCH_NEEDLE_AT ? SEARCH_NEEDLE : `App ${i}`;
      ok(await invoke(platform, 'createAssessment', { appName }));
    }
    const seedMs = performance.now() - seedStarted;
    const listPage50At5000 = await listPage();
    const emulatorQueryMsAt5000 = await listQueryMs();
    // What the list's search box sends for one assessment among 5,000, typed in another case and
    // without the accent. `matches` and `correct` say whether the answer was the right one: the
    // first release answered "No assessments match" here after 10 requests.
    let searchItems: { appName: string }[] = [];
    const searchOneIn5000 = await measure(async () => {
      searchItems = ok(
        await invoke(platform, 'listAssessments', { search: 'zurich comp', limit: 25 }),
      ).items;
    });

    const deleteAssessment = await measure(async () =>
      ok(await invoke(platform, 'deleteAssessment', { id, expectedRevision: revision })),
    );
    const longLived = ok(await invoke(platform, 'createAssessment', { appName: 'Long history' }))
      .assessment.id;
    const longRevision = await addHistory(platform, longLived, 5000);
    const deleteStarted = performance.now();
    const delete5000Snapshots = await measure(async () =>
      ok(
        await invoke(platform, 'deleteAssessment', {
          id: longLived,
          expectedRevision: longRevision,
        }),
      ),
    );
    const delete5000SnapshotsMs = Math.round(performance.now() - deleteStarted);

    return {
      create: { ...create },
      deleteAssessment: { ...deleteAssessment },
      delete5000Snapshots: { ...delete5000Snapshots },
      delete5000SnapshotsMs,
      saveOneAnswer: { ...saveOneAnswer },
      saveOneNote: { ...saveOneNote },
      // Where those bytesWritten go, by the kind of key written (see writtenByKind).
      saveOneAnswerWrittenBy,
      saveOneNoteWrittenBy,
      openAssessment: { ...openAssessment },
      listPage50: { ...listPage50At5000 },
      listPage50With50Assessments: { ...listPage50At50 },
      listPage50With5000Assessments: { ...listPage50At5000 },
      wholeAssessmentBytes,
      saveOneAnswerShareOfWhole:
        Math.round((saveOneAnswer.bytesWritten / wholeAssessmentBytes) * 1000) / 1000,
      saveOneNoteShareOfWhole:
        Math.round((saveOneNote.bytesWritten / wholeAssessmentBytes) * 1000) / 1000,
      saveEachAnswer: {
        questions: perQuestionWritten.length,
        medianBytesWritten: median(perQuestionWritten),
        maxBytesWritten: perQuestionWritten.at(-1) ?? 0,
        maxShareOfWhole:
          Math.round(((perQuestionWritten.at(-1) ?? 0) / wholeAssessmentBytes) * 1000) / 1000,
      },
      search: {
        ...searchOneIn5000,
        matches: searchItems.length,
        correct: searchItems.length === 1 && searchItems[0]?.appName === SEARCH_NEEDLE ? 1 : 0,
      },
      seedCreatesPerSecond: Math.round((4950 / seedMs) * 1000),
      emulatorQueryMsAt50,
      emulatorQueryMsAt5000,
    };
  } finally {
    platform.close();
  }
}

const ROOT = join(__dirname, '..');
const CLI_RUNS = 7;
const CLI_ANSWERS = 'examples/answers.yaml';

/** Wall time of one whole `node …` process, in ms; throws when it fails. */
function timeProcess(args: readonly string[]): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (run.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${String(run.status)}: ${run.stderr.trim()}`);
  }
  return ms;
}

/**
 * The CLI as CI runs it: a whole `node bin/trust-assess.js score <file>` process, from spawn to
 * exit. The bundle is built first when a source is newer (the bin would otherwise rebuild it
 * inside the first timed run), and one untimed run warms the file cache. Beside it, the same
 * command on the bundle itself (what the published package's bin runs, without the repository
 * bin's look for stale sources) and a bare `node -e 0`, the floor no CLI can go under.
 */
function benchCli(): Figures['cli'] {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs', '--if-stale'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`building the CLI failed: ${build.stderr.trim()}`);
  const score = ['score', CLI_ANSWERS, '--as-of', AS_OF];
  const bin = ['bin/trust-assess.js', ...score];
  const bundle = ['packages/trust-assess/dist/trust-assess.cjs', ...score];
  const nodeOnly = ['-e', '0'];
  for (const args of [bin, bundle, nodeOnly]) timeProcess(args);
  const samples = { bin: [] as number[], bundle: [] as number[], nodeOnly: [] as number[] };
  // Interleaved, so a burst of load from elsewhere hits all three alike.
  for (let i = 0; i < CLI_RUNS; i += 1) {
    samples.bin.push(timeProcess(bin));
    samples.bundle.push(timeProcess(bundle));
    samples.nodeOnly.push(timeProcess(nodeOnly));
  }
  return {
    scoreMs: Math.round(median(samples.bin)),
    scoreMsMin: Math.round(Math.min(...samples.bin)),
    bundleScoreMs: Math.round(median(samples.bundle)),
    nodeStartupMs: Math.round(median(samples.nodeOnly)),
    runs: CLI_RUNS,
  };
}

async function benchUi(): Promise<Figures['ui'] | undefined> {
  if (args.has('--skip-ui')) return undefined;
  try {
    const { measureUi } = await import('./ui');
    const result = await measureUi();
    return result.ui;
  } catch (error) {
    console.error(`bench: ui skipped: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const figures: Figures = { scoring: benchScoring(), cli: benchCli(), kvs: await benchKvs() };
  const ui = await benchUi();
  if (ui) figures.ui = ui;

  if (asJson) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  for (const [group, values] of Object.entries(figures)) {
    console.log(`\n${group}`);
    const rows = Object.entries(values).map(([name, value]) => ({
      figure: name,
      ...(typeof value === 'number' ? { value } : value),
    }));
    console.table(rows);
  }
}

void main();
