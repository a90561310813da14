import { answerContradictions } from '../../../src/domain/checks/answer-consistency';
import { answers } from './support';

describe('answerContradictions', () => {
  it.each<[string, Record<string, string | null>, string[]]>([
    ['P1 yes with P2 no', { P1: 'yes', P2: 'no' }, ['P2']],
    ['P4 yes with T5 not applicable', { P4: 'yes', T5: null }, ['T5']],
    ['G3 yes with T4 not applicable', { G3: 'yes', T4: null }, ['T4']],
    ['G4 yes with T4 not applicable', { G4: 'yes', T4: null }, ['T4']],
    ['P1 no with S6 answered', { P1: 'no', S6: 'yes' }, ['P1']],
    ['P1 no with R7 answered', { P1: 'no', R7: 'no' }, ['P1']],
    [
      'consistent answers',
      { P1: 'yes', P2: 'yes', P4: 'yes', T5: 'yes', G3: 'yes', T4: 'yes' },
      [],
    ],
    ['P1 no with S6 and R7 not applicable', { P1: 'no', S6: null, R7: null }, []],
    ['P4 no with T5 not applicable', { P4: 'no', T5: null }, []],
    ['no answers', {}, []],
  ])('%s', (_name, given, contradicted) => {
    const found = answerContradictions(answers(given));
    expect(found.map((c) => c.questionId)).toEqual(contradicted);
    for (const c of found) expect(c.checkId).toBe('answer-consistency');
  });

  it('lists the answers involved as facts', () => {
    expect(answerContradictions(answers({ P1: 'no', S6: 'yes', R7: 'no' }))[0]?.facts).toEqual([
      'P1: no',
      'S6: yes',
      'R7: no',
    ]);
  });
});
