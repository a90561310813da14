import type { Operations } from './define';

/** The questionnaire surface: answers and the rule set they answer. */
export const questionnaireOperations: Operations<
  | 'saveAnswers'
  | 'restoreAnswer'
  | 'getRuleSet'
  | 'upgradeAssessment'
  | 'whoAmI'
  | 'previewImport'
  | 'importAnswers'
> = {
  saveAnswers: (payload, { service, actor }) => service.save(payload, actor),
  restoreAnswer: (payload, { service, actor }) => service.restore(payload, actor),
  getRuleSet: (payload, { service }) => service.ruleSetInfo(payload),
  upgradeAssessment: (payload, { service, actor }) => service.upgrade(payload, actor),
  whoAmI: (_payload, { actor }) => ({ accountId: actor.accountId, isAdmin: true }),
  previewImport: (payload, { service }) => service.previewImport(payload),
  importAnswers: (payload, { service, actor }) => service.importAnswers(payload, actor),
};
