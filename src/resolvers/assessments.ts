import type { Operations } from './define';

/** The assessment list and lifecycle surface: list, create, open, delete. */
export const assessmentOperations: Operations<
  'listAssessments' | 'createAssessment' | 'getAssessment' | 'deleteAssessment'
> = {
  listAssessments: (payload, { service }) => service.list(payload),
  createAssessment: (payload, { service, actor }) => service.create(payload, actor),
  getAssessment: (payload, { service }) => service.get(payload.id),
  deleteAssessment: (payload, { service, actor }) => service.delete(payload, actor),
};
