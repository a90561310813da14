import type { RulePack } from '../../pack';
import { defineRuleSet } from '../../define';
import type { RuleSet, RuleSetInput } from '../../schema';
import { analyticsEgressCheck } from './checks/analytics-egress';
import { cspCheck } from './checks/csp';
import { egressInScopeEudCheck } from './checks/egress-in-scope-eud';
import { egressWildcardsCheck } from './checks/egress-wildcards';
import { manifestConsistencyCheck } from './checks/manifest-consistency';
import { runsOnAtlassianCheck } from './checks/runs-on-atlassian';
import { answerContradictions } from './consistency';
import { psTabV1 } from './ps-tab';
import { complianceQuestions } from './questions/compliance';
import { privacyQuestions } from './questions/privacy';
import { profileQuestions } from './questions/profile';
import { reliabilityQuestions } from './questions/reliability';
import { securityQuestions } from './questions/security';
import { transparencyQuestions } from './questions/transparency';
import { suggestAnswers } from './suggestions';

/**
 * Rule set v1, frozen: answers files naming trust-readiness@1.0.0 score byte for byte as they
 * did when it was current (test/cli/v1-freeze.test.ts). A change of meaning is a new pack. Question ids are the catalogue ids (S1…T6) plus the profile gates G1–G7; they
 * are stored in answers files and exports, so never renumber them, only add new ids.
 * Built without zod (`defineRuleSet`); test/unit/rules/define.test.ts parses the input with the
 * schema, so a malformed edit fails the tests and never reaches a user's session.
 */
export const ruleSetV1Input: RuleSetInput = {
  id: 'trust-readiness',
  version: '1.0.0',
  title: 'Trust readiness for Atlassian Marketplace apps',
  elements: [
    {
      id: 'security',
      title: 'Security',
      weight: 1,
      summary: 'Authentication, secrets, transport, dependencies and vulnerability handling.',
    },
    {
      id: 'reliability',
      title: 'Reliability & support',
      weight: 1,
      summary: 'Availability objectives, monitoring, incident handling and support commitments.',
    },
    {
      id: 'compliance',
      title: 'Compliance',
      weight: 1,
      summary: 'Published legal terms, GDPR and CCPA roles, transfers and certifications.',
    },
    {
      id: 'privacy',
      title: 'Privacy & data management',
      weight: 1,
      summary: 'Where end-user data goes, how long it stays, and who else receives it.',
    },
    {
      id: 'transparency',
      title: 'Transparency & control',
      weight: 1,
      summary: 'An approved, current Privacy & Security tab that matches the app itself.',
    },
  ],
  questions: [
    ...profileQuestions,
    ...securityQuestions,
    ...reliabilityQuestions,
    ...complianceQuestions,
    ...privacyQuestions,
    ...transparencyQuestions,
  ],
};

export const ruleSetV1: RuleSet = defineRuleSet(ruleSetV1Input);

/** Rule pack trust-readiness v1: the rule set and everything that knows its question ids. */
export const trustReadinessV1: RulePack = {
  ruleSet: ruleSetV1,
  // One file per check in checks/, named after its id; the registry test keeps this complete.
  checks: [
    manifestConsistencyCheck,
    runsOnAtlassianCheck,
    egressWildcardsCheck,
    analyticsEgressCheck,
    egressInScopeEudCheck,
    cspCheck,
  ],
  consistency: answerContradictions,
  suggest: suggestAnswers,
  psTab: psTabV1,
  actionRanking: 'points',
};
