import { LATEST_PACK, packRef } from '../../src/domain/rules/packs';
import { toAnswersFile } from '../../src/domain/answers-file';
import { allPassing, STORES_OUTSIDE_GATES } from '../support/answers';
import { inconsistencies } from '../support/consistency';
import { invoke, ok, startPlatform } from '../support/platform';

/** Importing answers: a previewed diff, then one revision-checked write of every answer. */
describe('importing answers', () => {
  let platform: ReturnType<typeof startPlatform>;
  beforeEach(() => {
    platform = startPlatform();
  });
  afterEach(() => platform.close());

  const fullFile = () => {
    const answers = allPassing(LATEST_PACK.ruleSet, STORES_OUTSIDE_GATES);
    for (const [id, answer] of Object.entries(answers)) answer.note = `Imported note for ${id}.`;
    return {
      answers,
      text: toAnswersFile(packRef(LATEST_PACK), answers, {
        name: 'Imported',
      }),
    };
  };

  it('previews a whole answers file as a diff and writes it in one guarded transaction', async () => {
    const id = ok(await invoke(platform, 'createAssessment', { appName: 'Target' })).assessment.id;
    const { answers, text } = fullFile();
    const preview = ok(
      await invoke(platform, 'previewImport', { id, source: { kind: 'file', text } }),
    );
    expect(preview.revision).toBe(1);
    expect(preview.changes).toHaveLength(Object.keys(answers).length);
    expect(preview.changes.length).toBeGreaterThan(25);
    // Only G1 holds an answer before: the hosting chosen at creation.
    expect(preview.changes.filter((c) => c.before !== null).map((c) => c.questionId)).toEqual(
      preview.changes.some((c) => c.questionId === 'G1') ? ['G1'] : [],
    );

    platform.kvs.resetCounters();
    const accepted = Object.fromEntries(preview.changes.map((c) => [c.questionId, c.after]));
    const saved = ok(
      await invoke(platform, 'importAnswers', {
        id,
        expectedRevision: preview.revision,
        answers: accepted,
        source: 'answers-file',
      }),
    );
    expect(saved.revision).toBe(2);
    expect(saved.written).toHaveLength(preview.changes.length);
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    expect(detail.answers).toEqual(answers);
    expect(detail.report).toEqual(saved.report);
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);

    // Saving one of the imported answers afterwards moves it back to its own key.
    const again = ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: 2,
        answers: { S1: { ...answers.S1, note: 'Edited after the import.' } },
      }),
    );
    expect(again.revision).toBe(3);
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);

    // Previewing the same file again: only the edited answer differs.
    const second = ok(
      await invoke(platform, 'previewImport', { id, source: { kind: 'file', text } }),
    );
    expect(second.changes.map((c) => c.questionId)).toEqual(['S1']);
  });

  it('writes nothing when the assessment moved on before the import', async () => {
    const id = ok(await invoke(platform, 'createAssessment', { appName: 'Target' })).assessment.id;
    const { text } = fullFile();
    const preview = ok(
      await invoke(platform, 'previewImport', { id, source: { kind: 'file', text } }),
    );
    ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: 1,
        answers: { S1: { value: 'no' } },
      }),
    );
    const before = JSON.stringify(platform.kvs.dump().kvs[`digest:${id}`]);
    const result = await invoke(platform, 'importAnswers', {
      id,
      expectedRevision: preview.revision,
      answers: Object.fromEntries(preview.changes.map((c) => [c.questionId, c.after])),
      source: 'answers-file',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('CONFLICT');
    expect(JSON.stringify(platform.kvs.dump().kvs[`digest:${id}`])).toBe(before);
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);
  });

  it('refuses a bad file with the same messages as the CLI, and copies another assessment', async () => {
    const id = ok(await invoke(platform, 'createAssessment', { appName: 'Target' })).assessment.id;
    const bad = await invoke(platform, 'previewImport', {
      id,
      source: { kind: 'file', text: 'ruleSet: nope@1.0.0\nanswers: {}\n' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('VALIDATION');
      expect(bad.error.message).toMatch(/unknown rule set "nope@1.0.0"/);
    }

    const from = ok(await invoke(platform, 'createAssessment', { appName: 'Source' })).assessment
      .id;
    ok(
      await invoke(platform, 'saveAnswers', {
        id: from,
        expectedRevision: 1,
        answers: { S1: { value: 'yes', note: 'Copied note.' } },
      }),
    );
    const copy = ok(
      await invoke(platform, 'previewImport', { id, source: { kind: 'assessment', fromId: from } }),
    );
    expect(copy.changes).toEqual([
      { questionId: 'S1', before: null, after: { value: 'yes', note: 'Copied note.' } },
    ]);
  });
});
