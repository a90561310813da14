import type { QuestionInput } from '../../schema';

type SourceInput = NonNullable<QuestionInput['sources']>[number];

/**
 * Every source rule set v2 cites, each listed in ../shared/trust-catalogue-2026.md (the row that
 * lists it is named). test/unit/rules/v2-sources.test.ts fails on any URL not in this list, so
 * a page nobody checked cannot be cited. Pages the 2026 review found nowhere
 * (design-your-app-for-trust, pentesting-bugbounty-starter-guide) are not here.
 */
export const SOURCES_V2 = {
  /** §1: the Privacy & Security tab's fields (Marketplace REST, privacy and security group). */
  privacySecurityApi: {
    title: 'Marketplace REST API: privacy and security (the tab fields)',
    url: 'https://developer.atlassian.com/platform/marketplace/rest/v2/api-group-privacy-and-security/',
  },
  /** §2 Sources: the seed page of the customer journey. */
  trustOverview: {
    title: 'How trust works for customers and partners',
    url: 'https://developer.atlassian.com/platform/marketplace/trust-overview/',
  },
  /** §2 Sources. */
  preLaunchChecklist: {
    title: 'Pre-launch trust checklist',
    url: 'https://developer.atlassian.com/platform/marketplace/pre-launch-trust-checklist/',
  },
  /** §2 S12: the explicit-domain rule. */
  agcSecurityRequirements: {
    title: 'Atlassian Government Cloud security requirements',
    url: 'https://developer.atlassian.com/platform/framework/agc/agc-security-requirements/',
  },
  /** §2 S12, §3 Runs on Atlassian disqualifiers. */
  runsOnAtlassianApps: {
    title: 'Runs on Atlassian apps (eligibility and disqualifiers)',
    url: 'https://developer.atlassian.com/platform/forge/runs-on-atlassian-apps/',
  },
  /** §2 Sources: where forge/runs-on-atlassian moved. */
  runsOnAtlassian: {
    title: 'Runs on Atlassian',
    url: 'https://developer.atlassian.com/platform/marketplace/runs-on-atlassian/',
  },
  /** §2 P4: Forge pins and migrates hosted data. */
  forgeDataResidency: {
    title: 'Forge data residency',
    url: 'https://developer.atlassian.com/platform/forge/data-residency/',
  },
  /** §2 C7, R1–R6, S14: the trust programme RFC (retires Cloud Fortified, keeps bug bounty). */
  rfc124: {
    title: 'RFC-124: Evolving the Marketplace trust program',
    url: 'https://community.developer.atlassian.com/t/rfc-124-evolving-the-marketplace-trust-program/98418',
  },
  /** §3 New trust programme: 31 requirements in 7 categories. */
  rfc133: {
    title: 'RFC-133: the new Marketplace trust programme requirements',
    url: 'https://community.developer.atlassian.com/t/100401',
  },
  /** §2 S10, §3 Open AMS tickets. */
  securityBugfixPolicy: {
    title: 'Security Bug Fix Policy for Marketplace apps',
    url: 'https://developer.atlassian.com/platform/marketplace/security-bugfix-policy/',
  },
  /** §2 S13. */
  vulnerabilityReview: {
    title: 'Vulnerability review practices for Atlassian partners',
    url: 'https://developer.atlassian.com/platform/marketplace/vulnerability-review-practices-for-atlassian-partners/',
  },
  /** §3 Forge security questionnaire Q2b. */
  securityQuestionnaire: {
    title: 'App security questionnaires',
    url: 'https://developer.atlassian.com/platform/marketplace/app-security-questionnaires/',
  },
  /** §3 Domain control (security requirement 6). */
  securityRequirements: {
    title: 'Security requirements for cloud apps',
    url: 'https://developer.atlassian.com/platform/marketplace/security-requirements/',
  },
  /** §3 Tenant isolation. */
  sharedResponsibility: {
    title: 'Forge shared responsibility model',
    url: 'https://developer.atlassian.com/platform/forge/shared-responsibility-model/',
  },
  /** §3 Security incident reporting. */
  incidentResponse: {
    title: 'Partner security incident response program',
    url: 'https://developer.atlassian.com/platform/marketplace/partner-security-incident-response-program/',
  },
  /** §3 New-app approval. */
  enforcementPolicy: {
    title: 'Marketplace Security Enforcement Policy',
    url: 'https://developer.atlassian.com/platform/marketplace/marketplace-security-enforcement-policy/',
  },
  /** §3 New-app approval. */
  approvalSecurityWorkflow: {
    title: 'App approval security workflow',
    url: 'https://developer.atlassian.com/platform/marketplace/app-approval-security-workflow/',
  },
  /** §3 New-app approval. */
  approvalGuidelines: {
    title: 'App approval guidelines',
    url: 'https://developer.atlassian.com/platform/marketplace/app-approval-guidelines/',
  },
} as const satisfies Record<string, SourceInput>;

/** The checked list the sources test compares against. */
export const CHECKED_SOURCE_URLS: readonly string[] = Object.values(SOURCES_V2).map((s) => s.url);
