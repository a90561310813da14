import { ruleSetV1 } from '../../../src/domain/rules/catalogue';
import type { ElementId } from '../../../src/domain/rules/schema';
import { score } from '../../../src/domain/scoring/score';
import {
  AS_OF,
  FORGE_ONLY_GATES,
  STORES_OUTSIDE_GATES,
  allPassing,
  failingValue,
  passingAnswer,
} from '../../support/answers';

const ruleSet = ruleSetV1;
const outcomeOf = (report: ReturnType<typeof score>, id: string) =>
  report.questions.find((q) => q.id === id);

describe('score: a fully passing assessment', () => {
  const report = score(ruleSet, allPassing(ruleSet, STORES_OUTSIDE_GATES), { asOf: AS_OF });

  it('scores 100 everywhere, is complete and exemplary', () => {
    expect(report.overall).toEqual({
      score: 100,
      level: 'exemplary',
      uncappedLevel: 'exemplary',
      cappedBy: [],
    });
    expect(report.elements.map((e) => e.score)).toEqual([100, 100, 100, 100, 100]);
    expect(report.completeness.percent).toBe(100);
    expect(report.blockers).toEqual([]);
    expect(report.actions).toEqual([]);
  });
});

describe('score: one failing question per element', () => {
  // For each element, fail its first scored question that always applies and check that the
  // damage stays in that element and shows up as an action.
  const cases = ruleSet.elements.map((element) => {
    const question = ruleSet.questions.find((q) => {
      const value = q.severity === 'gate' || q.when ? undefined : failingValue(q);
      // An empty multi-choice counts as unanswered, so it cannot stand for a failure here.
      return q.element === element.id && value !== undefined && !Array.isArray(value);
    });
    if (!question) throw new Error(`no always-on question in ${element.id}`);
    return [element.id, question.id, question.severity] as const;
  });

  it.each(cases)('%s: failing %s lowers only that element', (elementId, questionId, severity) => {
    const answers = allPassing(ruleSet, STORES_OUTSIDE_GATES);
    const question = ruleSet.questions.find((q) => q.id === questionId);
    if (!question) throw new Error('missing question');
    answers[questionId] = { value: failingValue(question) };
    const report = score(ruleSet, answers, { asOf: AS_OF });

    expect(outcomeOf(report, questionId)?.outcome).toBe('fail');
    for (const element of report.elements) {
      if (element.id === (elementId as ElementId)) expect(element.score).toBeLessThan(100);
      else expect(element.score).toBe(100);
    }
    expect(report.actions[0]?.questionId).toBe(questionId);
    expect(report.actions[0]?.kind).toBe('fix');
    if (severity === 'blocker') {
      expect(report.blockers.map((b) => b.questionId)).toEqual([questionId]);
      expect(report.overall.level).toBe('not-ready');
    }
  });
});

describe('score: outcomes', () => {
  it.each([
    ['unanswered', {}, 'unanswered', 0],
    ['failing choice', { S1: { value: 'no' } }, 'fail', 0],
    ['passing choice', { S1: { value: 'yes' } }, 'pass', 1],
  ])('%s', (_name, answers, outcome, credit) => {
    const report = score(ruleSet, answers, { asOf: AS_OF });
    expect(outcomeOf(report, 'S1')).toMatchObject({ outcome, credit });
  });

  it('keeps unanswered apart from failed, and reports open blockers', () => {
    const report = score(ruleSet, {}, { asOf: AS_OF });
    expect(report.blockers).toEqual([]);
    expect(report.openBlockers).toContain('S1');
    expect(report.overall.cappedBy).toEqual(
      expect.arrayContaining(['unansweredBlocker', 'incomplete']),
    );
    expect(report.actions.every((a) => a.kind === 'answer')).toBe(true);
  });

  it('switches off questions whose gate says they do not apply and leaves them out', () => {
    const report = score(ruleSet, allPassing(ruleSet, FORGE_ONLY_GATES), { asOf: AS_OF });
    expect(outcomeOf(report, 'S2')?.outcome).toBe('not-applicable');
    expect(outcomeOf(report, 'S6')?.outcome).toBe('not-applicable');
    expect(outcomeOf(report, 'S2')?.credit).toBeNull();
    expect(report.overall.score).toBe(100);
  });

  it('asks conditional questions while their gate is unanswered', () => {
    const report = score(ruleSet, {}, { asOf: AS_OF });
    expect(outcomeOf(report, 'S6')?.outcome).toBe('unanswered');
  });

  it('caps credit when required evidence is missing or expired', () => {
    const required = ruleSet.questions.find((q) => q.evidence === 'required' && !q.when);
    if (!required) throw new Error('no always-on question requires evidence');
    const base = passingAnswer(required);
    const missing = score(ruleSet, { [required.id]: { value: base.value } }, { asOf: AS_OF });
    const expired = score(
      ruleSet,
      {
        [required.id]: {
          value: base.value,
          evidence: { url: 'https://example.com/x', expires: '2026-01-01' },
        },
      },
      { asOf: AS_OF },
    );
    for (const report of [missing, expired]) {
      expect(outcomeOf(report, required.id)).toMatchObject({ outcome: 'partial', credit: 0.5 });
    }
    expect(outcomeOf(missing, required.id)?.evidenceIssue).toBe('missing');
    expect(outcomeOf(expired, required.id)?.evidenceIssue).toBe('expired');
  });

  it('judges dates against the assessment date, rejecting future dates', () => {
    const dated = ruleSet.questions.find((q) => q.scoring?.kind === 'within-days');
    if (!dated) throw new Error('no dated question');
    const answer = (value: string) => ({ [dated.id]: { ...passingAnswer(dated), value } });
    const outcome = (value: string) =>
      outcomeOf(score(ruleSet, answer(value), { asOf: AS_OF }), dated.id)?.outcome;
    expect(outcome('2026-01-15')).toBe('pass');
    expect(outcome('2024-01-15')).toBe('fail');
    expect(outcome('2027-01-15')).toBe('fail');
  });

  it('honours not-applicable with justification and switched-off questions', () => {
    const naAllowed = ruleSet.questions.find((q) => q.notApplicableAllowed && !q.when);
    if (!naAllowed) throw new Error('no N/A-able question');
    const report = score(
      ruleSet,
      { [naAllowed.id]: { notApplicable: true, justification: 'Free app' } },
      { asOf: AS_OF, disabledQuestions: ['S1'] },
    );
    expect(outcomeOf(report, naAllowed.id)?.outcome).toBe('not-applicable');
    expect(outcomeOf(report, 'S1')?.outcome).toBe('not-applicable');
    expect(report.openBlockers).not.toContain('S1');
  });

  it('ranks actions by points gained, then by severity', () => {
    const report = score(ruleSet, {}, { asOf: AS_OF });
    const rank = { blocker: 0, major: 1, minor: 2 } as const;
    const pairs = report.actions.slice(1).map((a, i) => [report.actions[i]!, a] as const);
    expect(pairs.length).toBeGreaterThan(10);
    for (const [before, after] of pairs) {
      expect(before.gain).toBeGreaterThanOrEqual(after.gain);
      if (before.gain === after.gain) {
        expect(rank[before.severity]).toBeLessThanOrEqual(rank[after.severity]);
      }
    }
  });

  it('applies configurable element weights', () => {
    const answers = allPassing(ruleSet, STORES_OUTSIDE_GATES);
    answers.S1 = { value: 'no' };
    const even = score(ruleSet, answers, { asOf: AS_OF });
    const securityHeavy = score(ruleSet, answers, {
      asOf: AS_OF,
      policy: { elementWeights: { security: 4 } },
    });
    expect(securityHeavy.overall.score).toBeLessThan(even.overall.score);
  });
});

describe("the seed's customer journey", () => {
  // A German customer finds an app that stores data outside Atlassian, offers no data
  // residency and holds neither ISO 27001 nor SOC 2: the partner must see that gap.
  const answers = allPassing(ruleSet, STORES_OUTSIDE_GATES);
  answers.P4 = { value: 'no' };
  answers.C7 = { value: failingValue(ruleSet.questions.find((q) => q.id === 'C7')!) };
  const report = score(ruleSet, answers, { asOf: AS_OF });

  it('is not at the top level', () => {
    expect(report.overall.level).not.toBe(report.levels[report.levels.length - 1]);
    expect(report.overall.cappedBy).toContain('failedMajor');
  });

  it('names data residency and certification as next actions', () => {
    const actionIds = report.actions.map((a) => a.questionId);
    expect(actionIds).toEqual(['P4', 'C7']);
  });
});
