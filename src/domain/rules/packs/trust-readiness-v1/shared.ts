import type { Condition, QuestionInput, QuestionOption } from '../../schema';

type SourceInput = NonNullable<QuestionInput['sources']>[number];

/**
 * Every page below was confirmed to exist on developer.atlassian.com. Query strings
 * (tracking parameters from search results) are stripped on purpose: the integrity checks
 * reject them so a copied `?_ga=` link cannot sneak in later.
 */
export const SOURCES = {
  securityRequirements: {
    title: 'Security requirements for cloud apps',
    url: 'https://developer.atlassian.com/platform/marketplace/security-requirements/',
  },
  securityQuestionnaire: {
    title: 'Security questionnaires for Marketplace apps',
    url: 'https://developer.atlassian.com/platform/marketplace/app-security-questionnaires',
  },
  enforcementPolicy: {
    title: 'Marketplace Security Enforcement Policy',
    url: 'https://developer.atlassian.com/platform/marketplace/marketplace-security-enforcement-policy/',
  },
  partnerSecurityGuidelines: {
    title: 'Security guidelines for Marketplace Partners',
    url: 'https://developer.atlassian.com/platform/marketplace/vendor-security-guidelines/',
  },
  forgeSecurity: {
    title: 'Security for Forge apps',
    url: 'https://developer.atlassian.com/platform/forge/security/',
  },
  forgeSharedResponsibility: {
    title: 'Forge shared responsibility model',
    url: 'https://developer.atlassian.com/platform/forge/shared-responsibility-model/',
  },
  remoteInvocation: {
    title: 'Forge Remote essentials (invocation contract)',
    url: 'https://developer.atlassian.com/platform/forge/forge-remote-invocation-contract',
  },
  forgeVariables: {
    title: 'Forge CLI: variables set (encrypted environment variables)',
    url: 'https://developer.atlassian.com/platform/forge/cli-reference/variables-set/',
  },
  manifestPermissions: {
    title: 'Forge manifest reference: permissions',
    url: 'https://developer.atlassian.com/platform/forge/manifest-reference/permissions',
  },
  manifestRemotes: {
    title: 'Forge manifest reference: remotes',
    url: 'https://developer.atlassian.com/platform/forge/manifest-reference/remotes/',
  },
  egressControls: {
    title: 'Add content security and egress controls',
    url: 'https://developer.atlassian.com/platform/forge/add-content-security-and-egress-controls/',
  },
  bugBounty: {
    title: 'Marketplace Security Bug Bounty Program',
    url: 'https://developer.atlassian.com/platform/marketplace/marketplace-security-bug-bounty-program/',
  },
  securityTesting: {
    title: 'Marketplace security testing starter guide',
    url: 'https://developer.atlassian.com/platform/marketplace/pentesting-bugbounty-starter-guide/',
  },
  buildAndTest: {
    title: 'Build and test your Forge app (security validation)',
    url: 'https://developer.atlassian.com/platform/marketplace/onboarding-hub/build/build-and-test-your-forge-app/',
  },
  privacySecurityTab: {
    title: 'Privacy and Security tab in your Marketplace listing',
    url: 'https://developer.atlassian.com/platform/marketplace/security-privacy-tab/',
  },
  privacySecurityApi: {
    title: 'Marketplace REST API: privacy and security',
    url: 'https://developer.atlassian.com/platform/marketplace/rest/v2/api-group-privacy-and-security/',
  },
  cloudFortifiedReliability: {
    title: 'Cloud Fortified Apps Program reliability requirements',
    url: 'https://developer.atlassian.com/platform/marketplace/cloud-fortified-apps-program-reliability-requirements/',
  },
  cloudFortifiedSecurity: {
    title: 'Cloud Fortified Apps Program security requirements',
    url: 'https://developer.atlassian.com/platform/marketplace/cloud-fortified-apps-program-security-requirements/',
  },
  cloudFortifiedSupport: {
    title: 'Cloud Fortified Apps Program support requirements',
    url: 'https://developer.atlassian.com/platform/marketplace/cloud-fortified-apps-program-support-requirements/',
  },
  cloudFortifiedApproval: {
    title: 'Cloud Fortified Apps Program approval process (annual review)',
    url: 'https://developer.atlassian.com/platform/marketplace/cloud-fortified-apps-program-approval-process/',
  },
  runsOnAtlassian: {
    title: 'Introduction to Runs on Atlassian',
    url: 'https://developer.atlassian.com/platform/forge/runs-on-atlassian',
  },
  forgeEligibility: {
    title: 'Forge CLI: eligibility',
    url: 'https://developer.atlassian.com/platform/forge/cli-reference/eligibility',
  },
  forgeDataResidency: {
    title: 'Forge data residency',
    url: 'https://developer.atlassian.com/platform/forge/data-residency',
  },
  remoteRealmPinning: {
    title: 'Set up remotes for data residency realm pinning',
    url: 'https://developer.atlassian.com/platform/forge/remote/remote-realm-pinning',
  },
  remoteRealmMigration: {
    title: 'Support data residency realm migrations for Forge Remote',
    url: 'https://developer.atlassian.com/platform/forge/remote/remote-realm-migration',
  },
  userPrivacy: {
    title: 'User privacy guide for app developers (personal data reporting)',
    url: 'https://developer.atlassian.com/platform/forge/user-privacy-guidelines',
  },
  listingForgeApps: {
    title: 'List a Forge app (privacy, end user terms, DPA)',
    url: 'https://developer.atlassian.com/platform/marketplace/listing-forge-apps/',
  },
  designForTrust: {
    title: 'Design your app for trust',
    url: 'https://developer.atlassian.com/platform/marketplace/design-your-app-for-trust',
  },
  governmentCloudSecurity: {
    title: 'Security guidelines for Atlassian Government Cloud (AGC) apps',
    url: 'https://developer.atlassian.com/platform/framework/agc/guides/agc-developer-security-guidelines',
  },
  jiraChangelog: {
    title: 'Jira Cloud platform changelog (deprecation notices)',
    url: 'https://developer.atlassian.com/cloud/jira/platform/changelog/',
  },
} as const satisfies Record<string, SourceInput>;

/** Fresh objects per call so no two questions share (and could mutate) one options array. */
export function yesNo(third?: QuestionOption): QuestionOption[] {
  const options: QuestionOption[] = [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ];
  return third ? [...options, third] : options;
}

/**
 * The catalogue's "Applies when" column, translated once so every element file uses the
 * same wording. Only gate questions and facts appear here: a scored answer must never switch
 * another question on or off, or raising one answer could lower the score.
 */
export const WHEN = {
  usesForgeRemote: {
    when: { question: 'G1', equals: 'forge-remote' },
    whenText: 'Only when the app uses a Forge Remote backend',
  },
  hasEgress: {
    when: { question: 'G2', equals: 'yes' },
    whenText: 'Only when the app calls external domains',
  },
  hasEgressOrRemotes: {
    when: {
      any: [
        { question: 'G2', equals: 'yes' },
        { question: 'G1', in: ['forge-remote', 'connect'] },
      ],
    },
    whenText: 'Only when the app calls external domains or has a remote backend',
  },
  storesOutside: {
    when: { question: 'P1', equals: 'yes' },
    whenText: 'Only when the app stores end-user data outside Atlassian',
  },
  storesOrProcessesOutside: {
    when: {
      any: [
        { question: 'P1', equals: 'yes' },
        { question: 'P2', equals: 'yes' },
      ],
    },
    whenText: 'Only when the app stores or processes end-user data outside Atlassian',
  },
  gdprProcessor: {
    when: { question: 'G5', equals: 'yes' },
    whenText: 'Only when the app is a GDPR processor of end-user data',
  },
  leavesEea: {
    when: { question: 'G6', equals: 'yes' },
    whenText: 'Only when end-user data leaves the EEA',
  },
  storesPersonalData: {
    when: { question: 'G7', equals: 'yes' },
    whenText: 'Only when the app stores personal data',
  },
  sendsAnalytics: {
    when: { question: 'G3', equals: 'yes' },
    whenText: 'Only when the app sends analytics outside Atlassian',
  },
  sendsAnalyticsOrLogs: {
    when: {
      any: [
        { question: 'G3', equals: 'yes' },
        { question: 'G4', equals: 'yes' },
      ],
    },
    whenText: 'Only when the app sends analytics or logs outside Atlassian',
  },
  manifestSupplied: {
    when: { fact: 'manifestSupplied' },
    whenText: 'Only when a manifest was supplied',
  },
} satisfies Record<string, { when: Condition; whenText: string }>;
