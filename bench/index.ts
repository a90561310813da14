/**
 * Prints measured figures; never asserts. `npm run bench` for a table, `-- --json` for one
 * JSON object other tools can read. `--skip-ui` leaves out the browser measurements.
 */
import { performance } from 'node:perf_hooks';
import { assess } from '../src/domain/assess';
import { LATEST_PACK } from '../src/domain/rules/packs';
import type { Answers } from '../src/domain/answers';
import type { KvsCounters } from '../src/local/kvs-emulator';
import { AS_OF, STORES_OUTSIDE_GATES, allPassing } from '../test/support/answers';
import { addHistory } from '../test/support/history';
import { invoke, ok, startPlatform } from '../test/support/platform';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');

const LIST_QUERY_RUNS = 21;

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

function benchScoring(): Figures['scoring'] {
  const answers = heavyAnswers();
  for (let i = 0; i < 300; i += 1) assess(LATEST_PACK, answers, { asOf: AS_OF });
  const samples: number[] = [];
  const iterations = 5000;
  const started = performance.now();
  for (let i = 0; i < iterations; i += 1) {
    const t0 = performance.now();
    assess(LATEST_PACK, answers, { asOf: AS_OF });
    samples.push((performance.now() - t0) * 1000);
  }
  const elapsedMs = performance.now() - started;
  samples.sort((a, b) => a - b);
  return {
    assessmentsPerSecond: Math.round((iterations / elapsedMs) * 1000),
    p50Micros: Math.round(percentile(samples, 50)),
    p99Micros: Math.round(percentile(samples, 99)),
    questions: LATEST_PACK.ruleSet.questions.length,
  };
}

async function benchKvs(): Promise<Figures['kvs']> {
  const platform = startPlatform();
  const measure = async (fn: () => Promise<unknown>): Promise<KvsCounters> => {
    platform.kvs.resetCounters();
    await fn();
    return { ...platform.kvs.counters };
  };
  try {
    let id = '';
    const create = await measure(async () => {
      id = ok(await invoke(platform, 'createAssessment', { appName: 'Bench App' })).assessment.id;
    });

    const answers = Object.entries(heavyAnswers());
    let revision = 1;
    for (let i = 0; i < answers.length; i += 20) {
      const patch = Object.fromEntries(answers.slice(i, i + 20));
      revision = ok(
        await invoke(platform, 'saveAnswers', { id, expectedRevision: revision, answers: patch }),
      ).revision;
    }

    const saveOneAnswer = await measure(async () => {
      revision = ok(
        await invoke(platform, 'saveAnswers', {
          id,
          expectedRevision: revision,
          answers: { S1: { value: 'yes', note: 'Changed one note only.' } },
        }),
      ).revision;
    });

    // Only prose changes: the digest stays as it is and is not written again.
    const s2 = answers.find(([q]) => q === 'S2')?.[1];
    const saveOneNote = await measure(async () => {
      revision = ok(
        await invoke(platform, 'saveAnswers', {
          id,
          expectedRevision: revision,
          answers: { S2: { ...s2, note: 'Only the note changed.' } },
        }),
      ).revision;
    });

    let wholeAssessmentBytes = 0;
    const openAssessment = await measure(async () => {
      const detail = ok(await invoke(platform, 'getAssessment', { id }));
      // A naive design keeps header and every answer in one value and rewrites it on each save.
      wholeAssessmentBytes = Buffer.byteLength(
        JSON.stringify({ assessment: detail.assessment, answers: detail.answers }),
      );
    });

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
    for (let i = 50; i < 5000; i += 1)
      ok(await invoke(platform, 'createAssessment', { appName: `App ${i}` }));
    const seedMs = performance.now() - seedStarted;
    const listPage50At5000 = await listPage();
    const emulatorQueryMsAt5000 = await listQueryMs();

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
      openAssessment: { ...openAssessment },
      listPage50: { ...listPage50At5000 },
      listPage50With50Assessments: { ...listPage50At50 },
      listPage50With5000Assessments: { ...listPage50At5000 },
      wholeAssessmentBytes,
      saveOneAnswerShareOfWhole:
        Math.round((saveOneAnswer.bytesWritten / wholeAssessmentBytes) * 1000) / 1000,
      saveOneNoteShareOfWhole:
        Math.round((saveOneNote.bytesWritten / wholeAssessmentBytes) * 1000) / 1000,
      seedCreatesPerSecond: Math.round((4950 / seedMs) * 1000),
      emulatorQueryMsAt50,
      emulatorQueryMsAt5000,
    };
  } finally {
    platform.close();
  }
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
  const figures: Figures = { scoring: benchScoring(), kvs: await benchKvs() };
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
