import type { AssessmentService } from '../services/assessments';
import type { ResolverKey } from '../shared/api';
import { assessmentOperations } from './assessments';
import { defineOperation, type Operations, type ResolverRequest } from './define';
import { questionnaireOperations } from './questionnaire';
import { reportOperations } from './reports';
import { reviewOperations } from './review';

/** Typed so that a resolver key without an operation fails to compile. */
const operations: Operations<ResolverKey> = {
  ...assessmentOperations,
  ...questionnaireOperations,
  ...reviewOperations,
  ...reportOperations,
};

export type ResolverFunction = (request: ResolverRequest) => Promise<unknown>;

export function buildResolvers(service: AssessmentService): Record<ResolverKey, ResolverFunction> {
  const entries = (Object.keys(operations) as ResolverKey[]).map(
    (key) => [key, defineOperation(key, operations[key] as never, service)] as const,
  );
  return Object.fromEntries(entries) as Record<ResolverKey, ResolverFunction>;
}
