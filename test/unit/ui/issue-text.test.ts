import {
  fieldLabel,
  friendlyMessage,
  humanizeMessage,
  issueText,
} from '../../../static/admin/src/lib/issue-text';

const titles = new Map([
  ['S13', 'Security contact'],
  ['S6', 'Written security policy'],
]);

test('a save issue names the question and the field, not the payload path', () => {
  expect(
    issueText(
      {
        path: ['answers', 'S13', 'value'],
        message: 'Too big: expected string to have <=2000 characters',
      },
      titles,
    ),
  ).toBe('S13 Security contact, Answer: longer than 2,000 characters');
  expect(
    issueText({ path: ['S6', 'evidence', 'url'], message: 'must be an https:// URL' }, titles),
  ).toBe('S6 Written security policy, Evidence link: must be an https:// URL');
  expect(issueText({ path: ['answers', 'X9'], message: 'unknown question id "X9"' }, titles)).toBe(
    'X9: unknown question id "X9"',
  );
});

test('field labels and plain messages', () => {
  expect(fieldLabel(['evidence', 'expires'])).toBe('Evidence expires');
  expect(fieldLabel(['justification'])).toBe('Why it does not apply');
  expect(friendlyMessage('Invalid input: expected number, received string')).toBe('not a number');
  expect(friendlyMessage('a not-applicable answer needs a justification')).toBe(
    'a not-applicable answer needs a justification',
  );
});

test('raw paths inside a message are rewritten; beside the question its name is left out', () => {
  expect(humanizeMessage('answers.S13.value: too long', titles)).toBe(
    'S13 Security contact, Answer: too long',
  );
  expect(humanizeMessage('answers.S13.value: too long', titles, 'S13')).toBe('Answer: too long');
  expect(humanizeMessage('Some values are not valid.', titles)).toBe('Some values are not valid.');
});
