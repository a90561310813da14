import type { Answers } from '../../../src/domain/answers';
import { toPrivacySecurityDraft } from '../../../src/domain/export';
import { psTabV1 } from '../../../src/domain/rules/packs/trust-readiness-v1/ps-tab';
import { ruleSetV1 } from '../../../src/domain/rules/catalogue';
import { score } from '../../../src/domain/scoring/score';
import { AS_OF } from '../../support/answers';

const PS_TAB_SECTIONS = psTabV1.sections;
const PS_TAB_STATUS_QUESTION = psTabV1.statusQuestion;

const draft = (answers: Answers, appName = 'Acme Timesheets') =>
  toPrivacySecurityDraft(ruleSetV1, answers, score(ruleSetV1, answers, { asOf: AS_OF }), {
    appName,
  });

/** The field block for one question: from its heading to the next blank-line-separated heading. */
function fieldOf(markdown: string, questionId: string): string {
  const title = ruleSetV1.questions.find((q) => q.id === questionId)?.title ?? '';
  const start = markdown.indexOf(`### ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n### ', start + 4);
  return markdown.slice(start, end === -1 ? undefined : end);
}

describe('Privacy & Security tab draft', () => {
  it('covers every question tagged as a tab field, each exactly once', () => {
    const placed = PS_TAB_SECTIONS.flatMap((s) => s.questions);
    const tagged = ruleSetV1.questions
      .filter((q) => q.programs.includes('PS') && q.id !== PS_TAB_STATUS_QUESTION)
      .map((q) => q.id);
    expect(new Set(placed).size).toBe(placed.length);
    expect(placed).toEqual(expect.arrayContaining(tagged));
    for (const id of placed) expect(ruleSetV1.questions.some((q) => q.id === id)).toBe(true);
  });

  it.each([
    ['an answered gate', 'Ready', { P1: { value: 'yes' } }, 'P1'],
    ['an unanswered field', 'Missing', {}, 'S13'],
    ['a failing field', 'Needs work', { S8: { value: 'no' } }, 'S8'],
    ['a passing field', 'Ready', { S13: { value: 'security@acme.example' } }, 'S13'],
    ['a switched-off field', 'Does not apply', { P1: { value: 'no' } }, 'P6'],
  ] as const)('marks %s as %s', (_name, status, answers, id) => {
    expect(fieldOf(draft(answers), id)).toContain(`- **Status:** ${status}`);
  });

  it('shows the answer, details and link, and the to-do only where work remains', () => {
    const markdown = draft({
      S16: { value: 'https://acme.example/security', note: 'Reviewed yearly.' },
      S8: { value: 'no' },
    });
    const policy = fieldOf(markdown, 'S16');
    expect(policy).toContain('- **Answer:** https://acme.example/security');
    expect(policy).toContain('- **Details:** Reviewed yearly.');
    expect(policy).not.toContain('**To do:**');
    expect(fieldOf(markdown, 'S8')).toContain('**To do:**');
  });

  it('warns that a submitted tab is not an approved one', () => {
    expect(draft({ T1: { value: 'submitted' } })).toContain('Submitted is not approved');
    expect(draft({ T1: { value: 'approved' } })).not.toContain('Submitted is not approved');
  });

  it('renders partner text inert', () => {
    const markdown = draft(
      { S13: { value: '<img src=x onerror=alert(1)>', note: '| pipe' } },
      '<script>x</script>',
    );
    expect(markdown).not.toMatch(/<img|<script/);
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdown).toContain('\\| pipe');
  });

  it('is deterministic', () => {
    const answers: Answers = { P1: { value: 'yes' }, S13: { value: 'security@acme.example' } };
    expect(draft(answers)).toBe(draft({ ...answers }));
  });
});
