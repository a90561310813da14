import type { Operations } from './define';

/** The assessment list and lifecycle surface: list, create, open, delete. */
export const assessmentOperations: Operations<
  'listAssessments' | 'createAssessment' | 'getAssessment' | 'deleteAssessment' | 'getStartup'
> = {
  listAssessments: (payload, { service }) => service.list(payload),
  createAssessment: (payload, { service, actor }) => service.create(payload, actor),
  getAssessment: (payload, { service }) => service.get(payload.id),
  deleteAssessment: (payload, { service, actor }) => service.delete(payload, actor),
  // The list view's first data in one round trip (same admin check as every resolver).
  getStartup: async (payload, { service, actor }) => ({
    viewer: { accountId: actor.accountId, isAdmin: true as const },
    firstPage: await service.list({ limit: payload.limit }),
  }),
};
