import type { AnswerConflict, ApiIssue, ErrorCode } from '../shared/api';

/** An expected failure with a code the UI can act on; anything else becomes INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: {
      issues?: ApiIssue[];
      currentRevision?: number;
      retryAfterMs?: number;
      conflicts?: AnswerConflict[];
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (id: string): AppError =>
  new AppError('NOT_FOUND', `No assessment with id ${id}.`);

export const staleRevision = (current: number | undefined): AppError =>
  new AppError(
    'CONFLICT',
    'Someone saved this assessment after you opened it. Reload to see their changes; your edits are kept.',
    current === undefined ? {} : { currentRevision: current },
  );
