/**
 * An input problem the user can fix. The CLI prints it as one line naming the file and the
 * field, because CI logs are read by people scanning for the one thing to change.
 */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';

  constructor(
    readonly file: string,
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(field === undefined ? `${file}: ${reason}` : `${file}: ${field}: ${reason}`);
  }
}

/** A bad command line: the CLI prints the reason and the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Renders a zod-style path as `answers.C8.value[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** One line, no control characters: user text must not forge extra log lines or escape codes. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}
