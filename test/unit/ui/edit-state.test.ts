import * as edits from '../../../static/admin/src/lib/edit-state';
import type { EditState } from '../../../static/admin/src/lib/edit-state';
import type { SaveResult } from '../../../src/shared/api';

const base = (revision: number, answers: EditState['base']['answers'] = {}) => ({
  revision,
  answers,
});
const policy: edits.SavePolicy = { minIntervalMs: 3000 };
const saved = (
  revision: number,
  extra: Partial<Pick<SaveResult, 'merged' | 'answers'>> = {},
): Pick<SaveResult, 'revision' | 'written' | 'merged' | 'answers'> => ({
  revision,
  written: [],
  merged: [],
  ...extra,
});

/** Starts the save the state asks for and returns the batch it sent. */
function start(state: EditState, now: number, force = false) {
  const decision = edits.nextSave(state, now, policy, force);
  if (decision.kind !== 'send') throw new Error(`expected a save, got ${decision.kind}`);
  return { state: edits.saveStarted(state, decision.batch, now), batch: decision.batch, decision };
}

describe('edit state', () => {
  test('an edit is pending until the save that sent it succeeds', () => {
    let state = edits.initialState(base(3));
    state = edits.edit(state, 'S1', { value: 'yes' });
    expect(state.pending).toEqual({ S1: { value: 'yes' } });
    const sent = start(state, 1000);
    expect(sent.decision).toMatchObject({ expectedRevision: 3, batch: { S1: { value: 'yes' } } });
    expect(edits.saveView(sent.state, 0).kind).toBe('saving');
    state = edits.saveSucceeded(sent.state, sent.batch, saved(4), 1100);
    expect(state.pending).toEqual({});
    expect(state.base).toEqual({ revision: 4, answers: { S1: { value: 'yes' } } });
    expect(edits.saveView(state, 0)).toEqual({ kind: 'saved', at: 1100 });
  });

  test('edits typed during a save in flight are not dropped when the save returns', () => {
    let state = edits.initialState(base(1));
    state = edits.edit(state, 'S13', { value: 'a' });
    const sent = start(state, 0);
    // Typed while the save is in flight: the same question again, and another one.
    state = edits.edit(sent.state, 'S13', { value: 'ab' });
    state = edits.edit(state, 'S7', { value: 'no' });
    state = edits.saveSucceeded(state, sent.batch, saved(2), 500);
    expect(state.pending).toEqual({ S13: { value: 'ab' }, S7: { value: 'no' } });
    expect(state.base.answers).toEqual({ S13: { value: 'a' } });
    expect(edits.saveView(state, 0).kind).toBe('pending');
    // And they go out with the next save, at the new revision.
    const next = edits.nextSave(state, 10_000, policy);
    expect(next).toEqual({
      kind: 'send',
      expectedRevision: 2,
      batch: { S13: { value: 'ab' }, S7: { value: 'no' } },
    });
  });

  test('typing a value back to the stored one while it is being sent still resends it', () => {
    let state = edits.initialState(base(1, { S1: { value: 'old' } }));
    state = edits.edit(state, 'S1', { value: 'new' });
    const sent = start(state, 0);
    state = edits.edit(sent.state, 'S1', { value: 'old' });
    state = edits.saveSucceeded(state, sent.batch, saved(2), 10);
    expect(state.pending).toEqual({ S1: { value: 'old' } });
  });

  test('a merge result lays what others changed under the edits and reports it as arrived', () => {
    let state = edits.initialState(base(5, { S1: { value: 'yes' } }));
    state = edits.edit(state, 'S13', { value: 'mine@example.com' });
    const sent = start(state, 0);
    state = edits.saveSucceeded(
      sent.state,
      sent.batch,
      saved(8, {
        merged: ['S7'],
        answers: {
          S1: { value: 'yes' },
          S7: { value: 'no' },
          S13: { value: 'mine@example.com' },
        },
      }),
      100,
    );
    expect(state.base.revision).toBe(8);
    expect(state.base.answers.S7).toEqual({ value: 'no' });
    expect(state.arrivals).toEqual([
      { questionId: 'S7', answer: { value: 'no' }, by: null, at: null },
    ]);
    expect(state.conflicts).toEqual({});
    state = edits.attribute(state, [
      { questionId: 'S7', by: 'admin-bob', at: '2026-01-01T10:00:00.000Z' },
    ]);
    expect(state.arrivals[0]).toMatchObject({ by: 'admin-bob' });
    expect(edits.dismissArrivals(state).arrivals).toEqual([]);
  });

  test('a merged question this page also has an unsent edit of becomes a conflict, not an overwrite', () => {
    let state = edits.initialState(base(1, { S7: { value: 'yes' } }));
    state = edits.edit(state, 'S1', { value: 'a' });
    const sent = start(state, 0);
    state = edits.edit(sent.state, 'S7', { value: 'maybe' });
    state = edits.saveSucceeded(
      state,
      sent.batch,
      saved(4, { merged: ['S7'], answers: { S1: { value: 'a' }, S7: { value: 'no' } } }),
      10,
    );
    expect(state.conflicts.S7).toMatchObject({ theirs: { value: 'no' }, mine: { value: 'maybe' } });
    expect(edits.savableIds(state, policy)).toEqual([]);
  });

  test('a conflict result keeps both values until the user decides, and nothing else is lost', () => {
    let state = edits.initialState(base(2));
    state = edits.edit(state, 'S13', { value: 'bob@example.com' });
    state = edits.edit(state, 'S1', { value: 'yes' });
    const sent = start(state, 0);
    state = edits.saveConflicted(sent.state, sent.batch, [
      { questionId: 'S13', theirs: { value: 'alice@example.com' }, by: 'admin-alice', at: 'T1' },
    ]);
    expect(state.inflight).toBeNull();
    expect(state.conflicts.S13).toEqual({
      questionId: 'S13',
      theirs: { value: 'alice@example.com' },
      mine: { value: 'bob@example.com' },
      by: 'admin-alice',
      at: 'T1',
    });
    expect(edits.saveView(state, 0)).toEqual({ kind: 'conflict', count: 1 });
    // The catch-up load: their value is stored at revision 3.
    state = edits.rebase(state, base(3, { S13: { value: 'alice@example.com' } }));
    // The uncontested edit still goes out; the contested one waits for the user.
    expect(edits.nextSave(state, 10_000, policy)).toMatchObject({
      kind: 'send',
      expectedRevision: 3,
      batch: { S1: { value: 'yes' } },
    });
    // Editing "mine" during the conflict keeps both texts.
    state = edits.edit(state, 'S13', { value: 'bob+sec@example.com' });
    expect(state.conflicts.S13).toMatchObject({
      theirs: { value: 'alice@example.com' },
      mine: { value: 'bob+sec@example.com' },
    });

    const mine = edits.resolve(state, 'S13', 'mine');
    expect(mine.conflicts).toEqual({});
    expect(mine.pending.S13).toEqual({ value: 'bob+sec@example.com' });
    expect(edits.savableIds(mine, policy)).toContain('S13');

    const theirs = edits.resolve(state, 'S13', 'theirs');
    expect(theirs.conflicts).toEqual({});
    expect('S13' in theirs.pending).toBe(false);
    expect(theirs.base.answers.S13).toEqual({ value: 'alice@example.com' });
  });

  test('a failed save keeps the edits, backs off, and is retried by itself', () => {
    let state = edits.initialState(base(1));
    state = edits.edit(state, 'S1', { value: 'yes' });
    let sent = start(state, 0);
    state = edits.saveFailed(sent.state, sent.batch, { code: 'NETWORK', message: 'offline' }, 1000);
    expect(state.pending).toEqual({ S1: { value: 'yes' } });
    expect(edits.saveView(state, 0)).toEqual({ kind: 'offline', retryAt: 3000 });
    expect(edits.nextSave(state, 2000, policy)).toEqual({ kind: 'wait', ms: 1000 });

    // Still failing (the backend is unavailable): the wait doubles.
    sent = start(state, 3000);
    state = edits.saveFailed(
      sent.state,
      sent.batch,
      { code: 'UNAVAILABLE', message: 'storage down' },
      3000,
    );
    expect(state.failure).toMatchObject({ kind: 'unavailable', attempt: 2, retryAt: 7000 });

    // Back: the retry goes out and lands.
    sent = start(state, 7000);
    state = edits.saveSucceeded(sent.state, sent.batch, saved(2), 7100);
    expect(state.failure).toBeNull();
    expect(state.pending).toEqual({});
    expect(edits.saveView(state, 0).kind).toBe('saved');
  });

  test('"Retry now" and coming back online skip the back-off', () => {
    let state = edits.initialState(base(1));
    state = edits.edit(state, 'S1', { value: 'yes' });
    const sent = start(state, 0);
    state = edits.saveFailed(sent.state, sent.batch, { code: 'NETWORK', message: 'x' }, 0);
    state = edits.retryNow(state, 500);
    expect(edits.nextSave(state, 500, policy).kind).toBe('send');
  });

  test('a refused answer is not resent until the user changes it', () => {
    let state = edits.initialState(base(1));
    state = edits.edit(state, 'S1', { value: 'x' });
    const sent = start(state, 0);
    state = edits.saveFailed(
      sent.state,
      sent.batch,
      {
        code: 'VALIDATION',
        message: 'bad',
        issues: [{ path: ['answers', 'S1', 'value'], message: 'not an option' }],
      },
      0,
    );
    expect(state.rejected.S1?.issues).toEqual([
      { path: ['S1', 'value'], message: 'not an option' },
    ]);
    expect(edits.nextSave(state, 10_000, policy).kind).toBe('nothing');
    state = edits.edit(state, 'S1', { value: 'yes' });
    expect(edits.nextSave(state, 10_000, policy).kind).toBe('send');
  });

  test('bursty typing: at most one save per minimum interval unless forced', () => {
    let state = edits.initialState(base(1));
    let sends = 0;
    let revision = 1;
    // Two minutes of a keystroke every 200 ms, the autosave asked after every keystroke.
    for (let now = 0; now < 120_000; now += 200) {
      state = edits.edit(state, 'S13', { value: `text ${now}` });
      const decision = edits.nextSave(state, now, policy);
      if (decision.kind === 'send') {
        sends += 1;
        state = edits.saveStarted(state, decision.batch, now);
        revision += 1;
        state = edits.saveSucceeded(state, decision.batch, saved(revision), now);
      }
    }
    expect(sends).toBeLessThanOrEqual(40);
    // Leaving the page (or a blur) sends straight away.
    state = edits.edit(state, 'S13', { value: 'last words' });
    const soon = (state.lastSaveAt ?? 0) + 100;
    expect(edits.nextSave(state, soon, policy).kind).toBe('wait');
    expect(edits.nextSave(state, soon, policy, true).kind).toBe('send');
  });

  test('edits kept in this browser come back; a question changed meanwhile is a conflict', () => {
    const state = edits.restore(
      edits.initialState(base(9, { S1: { value: 'theirs' }, S2: { value: 'same' } })),
      {
        baseRevision: 4,
        pending: { S1: { value: 'mine' }, S2: { value: 'mine too' } },
        basis: { S1: { value: 'before' }, S2: { value: 'same' } },
      },
    );
    expect(Object.keys(state.conflicts)).toEqual(['S1']);
    expect(state.conflicts.S1).toMatchObject({
      theirs: { value: 'theirs' },
      mine: { value: 'mine' },
    });
    expect(edits.savableIds(state, policy)).toEqual(['S2']);
  });

  test('never two saves at once', () => {
    let state = edits.initialState(base(1));
    state = edits.edit(state, 'S1', { value: 'yes' });
    const sent = start(state, 0);
    state = edits.edit(sent.state, 'S2', { value: 'no' });
    expect(edits.nextSave(state, 100_000, policy, true).kind).toBe('nothing');
  });
});
