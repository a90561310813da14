import type { z } from 'zod';
import {
  JiraRateLimitedError,
  JiraUnavailableError,
  NotAdminError,
  mustReachRuntime,
  requireJiraAdmin,
} from '../auth/admin';
import { AppError, notFound, staleRevision } from '../services/errors';
import type { Actor, AssessmentService } from '../services/assessments';
import {
  resolverSchemas,
  type ApiError,
  type ApiIssue,
  type ApiResult,
  type ResolverKey,
  type ResolverPayload,
  type ResolverResults,
} from '../shared/api';
import {
  AssessmentGoneError,
  InvalidCursorError,
  RevisionConflictError,
  StorageRateLimitedError,
  StorageUnavailableError,
  ValueTooLargeError,
} from '../storage/assessment-store';

export interface OperationContext {
  actor: Actor;
  service: AssessmentService;
}

export type Operation<K extends ResolverKey> = (
  payload: ResolverPayload<K>,
  context: OperationContext,
) => Promise<ResolverResults[K]> | ResolverResults[K];

export type Operations<K extends ResolverKey> = { [P in K]: Operation<P> };

/** What @forge/resolver hands a function: the payload is untrusted, the context is not. */
export interface ResolverRequest {
  payload: unknown;
  context: { accountId?: string | undefined };
}

/**
 * Wraps an operation in the checks every resolver needs, in an order that leaks nothing:
 * identity from the platform context, the admin check, then the payload schema, then work.
 * Expected failures become typed codes; anything else is logged and returned as INTERNAL.
 */
export function defineOperation<K extends ResolverKey>(
  key: K,
  operation: Operation<K>,
  service: AssessmentService,
): (request: ResolverRequest) => Promise<ApiResult<ResolverResults[K]>> {
  const schema: z.ZodType<ResolverPayload<K>> = resolverSchemas[key] as unknown as z.ZodType<
    ResolverPayload<K>
  >;
  return async (request) => {
    try {
      const accountId = request.context.accountId;
      if (!accountId) throw new NotAdminError();
      await requireJiraAdmin();
      const parsed = schema.safeParse(request.payload ?? {});
      if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
      const data = await operation(parsed.data, { actor: { accountId }, service });
      return { ok: true, data };
    } catch (error) {
      if (mustReachRuntime(error)) throw error;
      return { ok: false, error: toApiError(key, error) };
    }
  };
}

function validationError(error: z.ZodError): ApiError {
  const issues: ApiIssue[] = error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  // Over-long text and oversized lists are storage limits, not typos, so the UI says so
  // differently; an out-of-range number (a page size of 500) is plain bad input.
  const onlyTooBig = error.issues.every(
    (issue) => issue.code === 'too_big' && issue.origin !== 'number' && issue.origin !== 'int',
  );
  return {
    code: onlyTooBig ? 'LIMIT' : 'VALIDATION',
    message: onlyTooBig
      ? 'Some values are longer than this app stores.'
      : 'Some values are not valid.',
    issues,
  };
}

/** Storage failures a caller can act on, in the service's vocabulary. */
function expectedStorageFailure(error: unknown): AppError | undefined {
  if (error instanceof RevisionConflictError) return staleRevision(error.currentRevision);
  if (error instanceof AssessmentGoneError) return notFound(error.assessmentId);
  if (error instanceof ValueTooLargeError) {
    return new AppError('LIMIT', 'This change would make a stored value larger than Forge allows.');
  }
  if (error instanceof InvalidCursorError) {
    return new AppError('VALIDATION', 'This page link is not valid any more. Start from page 1.', {
      issues: [{ path: ['cursor'], message: 'not a cursor this list issued' }],
    });
  }
  if (error instanceof StorageRateLimitedError || error instanceof JiraRateLimitedError) {
    return new AppError('RATE_LIMITED', 'Atlassian asked the app to slow down. Retrying shortly.', {
      retryAfterMs: error.retryAfterMs,
    });
  }
  if (error instanceof StorageUnavailableError || error instanceof JiraUnavailableError) {
    console.warn(`[trust-readiness] platform unavailable: ${error.message}`);
    return new AppError(
      'UNAVAILABLE',
      'Atlassian did not answer in time. The change may not have been saved; retrying is safe.',
    );
  }
  return undefined;
}

function toApiError(key: string, error: unknown): ApiError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, ...error.extra };
  }
  if (error instanceof NotAdminError) return { code: 'FORBIDDEN', message: error.message };
  const expected = expectedStorageFailure(error);
  if (expected) return toApiError(key, expected);
  // Names and messages only: payloads may hold partner data that does not belong in logs.
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[trust-readiness] ${key} failed: ${detail}`);
  return { code: 'INTERNAL', message: 'Something went wrong on our side. Try again.' };
}
