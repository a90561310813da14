import type { RulePack } from '../../pack';
import { defineRuleSet } from '../../define';
import type { RuleSet, RuleSetInput } from '../../schema';
import { analyticsEgressCheck } from './checks/analytics-egress';
import { cspCheck } from './checks/csp';
import { egressInScopeEudCheck } from './checks/egress-in-scope-eud';
import { egressWildcardsCheck } from './checks/egress-wildcards';
import { manifestConsistencyCheck } from './checks/manifest-consistency';
import { runsOnAtlassianCheck } from './checks/runs-on-atlassian';
import { answerContradictionsV2 } from './consistency';
import { psTabV2 } from './ps-tab';
import { complianceQuestions } from './questions/compliance';
import { privacyQuestions } from './questions/privacy';
import { profileQuestions } from './questions/profile';
import { reliabilityQuestions } from './questions/reliability';
import { securityQuestions } from './questions/security';
import { transparencyQuestions } from './questions/transparency';
import { suggestAnswersV2 } from './suggestions';
import { upgradeFromV1 } from './upgrade-from-v1';

/**
 * Rule set v2: Atlassian's trust instruments as of late 2026 (../shared/trust-catalogue-2026.md).
 * Every Privacy & Security tab field is a question asking for its value (`psField`).
 */
export const ruleSetV2Input: RuleSetInput = {
  id: 'trust-readiness',
  version: '2.0.0',
  title: 'Trust readiness for Atlassian Marketplace apps (2026)',
  elements: [
    {
      id: 'security',
      title: 'Security',
      weight: 1,
      summary: 'Authentication, secrets, transport, AMS tickets, domains and tenant isolation.',
    },
    {
      id: 'reliability',
      title: 'Reliability & support',
      weight: 1,
      summary: 'Backups and deprecations; the retired Cloud Fortified bar informs, never caps.',
    },
    {
      id: 'compliance',
      title: 'Compliance',
      weight: 1,
      summary: 'Legal terms, GDPR and CCPA roles, legal duties and certifications.',
    },
    {
      id: 'privacy',
      title: 'Privacy & data management',
      weight: 1,
      summary:
        'The tab values: data types, countries, residency, retention, logging, third parties.',
    },
    {
      id: 'transparency',
      title: 'Transparency & control',
      weight: 1,
      summary: 'An approved tab that matches the manifest, and new-app approval.',
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

export const ruleSetV2: RuleSet = defineRuleSet(ruleSetV2Input);

export const trustReadinessV2: RulePack = {
  ruleSet: ruleSetV2,
  checks: [
    manifestConsistencyCheck,
    runsOnAtlassianCheck,
    egressWildcardsCheck,
    analyticsEgressCheck,
    egressInScopeEudCheck,
    cspCheck,
  ],
  consistency: answerContradictionsV2,
  suggest: suggestAnswersV2,
  psTab: psTabV2,
  actionRanking: 'level-first',
  upgrades: { 'trust-readiness@1.0.0': upgradeFromV1 },
};
export { lensesV2 } from './lenses';
