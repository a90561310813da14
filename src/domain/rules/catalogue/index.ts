import { ruleSetSchema, type RuleSet } from '../schema';
import { complianceQuestions } from './compliance';
import { privacyQuestions } from './privacy';
import { profileQuestions } from './profile';
import { reliabilityQuestions } from './reliability';
import { securityQuestions } from './security';
import { transparencyQuestions } from './transparency';

export { checkRuleSetIntegrity, DERIVED_CHECK_IDS } from './integrity';

/**
 * Rule set v1. Question ids are the catalogue ids (S1…T6) plus the profile gates G1–G7; they
 * are stored in answers files and exports, so never renumber them, only add new ids.
 * Parsed at load so a malformed edit fails every test and the app start, not a user's session.
 */
export const ruleSetV1: RuleSet = ruleSetSchema.parse({
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
});
