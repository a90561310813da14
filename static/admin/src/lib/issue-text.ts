/**
 * Validation issues in a partner's words: "S13 Security contact, Answer: longer than 2,000
 * characters" rather than "answers.S13.value: Too big: expected string to have <=2000
 * characters". Paths are those of the save payload (`answers.<id>.<field>`) or relative to
 * one answer (`<id>.<field>`).
 */

type Path = readonly (string | number)[];

const FIELD_LABEL: Record<string, string> = {
  value: 'Answer',
  evidence: 'Evidence link',
  'evidence.url': 'Evidence link',
  'evidence.expires': 'Evidence expires',
  optionEvidence: 'Evidence link',
  notApplicable: 'Not applicable',
  justification: 'Why it does not apply',
  note: 'Note',
};

/** The label of the field a path below one answer points at ("value" → "Answer"). */
export function fieldLabel(fieldPath: Path): string | undefined {
  const names = fieldPath.filter((p): p is string => typeof p === 'string');
  for (let n = names.length; n > 0; n -= 1) {
    const label = FIELD_LABEL[names.slice(0, n).join('.')];
    if (label) return label;
  }
  return undefined;
}

function number(text: string): string {
  const n = Number(text);
  return Number.isFinite(n) ? n.toLocaleString('en') : text;
}

/** Zod's and the backend's technical phrasing, said plainly. */
export function friendlyMessage(message: string): string {
  const text = message.trim();
  let m = /^Too big: expected (?:string|\w+) to have <=?\s*(\d+) characters?/i.exec(text);
  if (m?.[1]) return `longer than ${number(m[1])} characters`;
  m = /^Too big: expected array to have <=?\s*(\d+) items?/i.exec(text);
  if (m?.[1]) return `more than ${number(m[1])} choices`;
  m = /^Too big: expected number to be <=?\s*([\d.]+)/i.exec(text);
  if (m?.[1]) return `more than ${number(m[1])}`;
  m = /^Too small: expected number to be >=?\s*([\d.]+)/i.exec(text);
  if (m?.[1]) return `less than ${number(m[1])}`;
  if (/^too long$/i.test(text)) return 'too long';
  if (/^Invalid (?:url|URL)/.test(text)) return 'not a valid web address (https://…)';
  if (/^Invalid input: expected number/i.test(text)) return 'not a number';
  if (/^Invalid input: expected (string|boolean)/i.test(text))
    return 'not the kind of value asked for';
  if (/^Invalid (?:option|input): expected one of/i.test(text)) return 'not one of the choices';
  if (/^Unrecognized keys?/i.test(text)) return 'not a field this app stores';
  return text;
}

function questionName(id: string, titles: ReadonlyMap<string, string>): string {
  const title = titles.get(id);
  return title ? `${id} ${title}` : id;
}

/** Where an issue is, as a person would point at it: the question and the field's label. */
export function issuePlace(path: Path, titles: ReadonlyMap<string, string>): string {
  const rest = path[0] === 'answers' ? path.slice(1) : path;
  const [id, ...field] = rest;
  if (typeof id !== 'string' || (!titles.has(id) && path[0] !== 'answers')) {
    const label = fieldLabel(rest);
    return label ?? rest.join(' › ');
  }
  const label = fieldLabel(field);
  return label ? `${questionName(id, titles)}, ${label}` : questionName(id, titles);
}

/** One issue as a sentence: "S13 Security contact, Answer: longer than 2,000 characters." */
export function issueText(
  issue: { path: Path; message: string },
  titles: ReadonlyMap<string, string>,
): string {
  const place = issuePlace(issue.path, titles);
  const text = friendlyMessage(issue.message);
  return place ? `${place}: ${text}` : text;
}

/**
 * Raw "answers.S13.value: too long" fragments inside a free-text message, rewritten. With
 * `within` (the question the message is shown beside) the question's own name is left out.
 */
export function humanizeMessage(
  message: string,
  titles: ReadonlyMap<string, string>,
  within?: string,
): string {
  return message.replace(
    /\b(?:answers\.)?([A-Za-z]+\d+)((?:\.[A-Za-z]+)+):\s*([^;\n]+)/g,
    (whole, id: string, fields: string, text: string) => {
      if (!titles.has(id)) return whole;
      const label = fieldLabel(fields.slice(1).split('.')) ?? fields.slice(1);
      const place = id === within ? label : `${questionName(id, titles)}, ${label}`;
      return `${place}: ${friendlyMessage(text)}`;
    },
  );
}
