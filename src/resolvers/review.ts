import type { Operations } from './define';

/** The review surface: the submit → approve / request-changes workflow and its records. */
export const reviewOperations: Operations<
  | 'submitAssessment'
  | 'reviewAssessment'
  | 'reopenAssessment'
  | 'getHistory'
  | 'getAudit'
  | 'replyToReview'
  | 'getSettings'
  | 'updateSettings'
> = {
  submitAssessment: (payload, { service, actor }) => service.submit(payload, actor),
  reviewAssessment: (payload, { service, actor }) => service.review(payload, actor),
  reopenAssessment: (payload, { service, actor }) => service.reopen(payload, actor),
  getHistory: (payload, { service }) => service.history(payload),
  getAudit: (payload, { service }) => service.auditTrail(payload),
  replyToReview: (payload, { service, actor }) => service.reply(payload, actor),
  getSettings: (_payload, { service }) => service.getSettings(),
  updateSettings: (payload, { service, actor }) => service.updateSettings(payload, actor),
};
