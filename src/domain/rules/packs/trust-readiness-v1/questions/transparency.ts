import type { QuestionInput } from '../../../schema';
import { SOURCES, WHEN, yesNo } from '../shared';

export const transparencyQuestions: QuestionInput[] = [
  {
    id: 'T1',
    element: 'transparency',
    type: 'single-choice',
    // Major in general; Cloud Fortified treated it as a blocker, but that program is legacy.
    severity: 'major',
    programs: ['PS', 'CF'],
    title: 'What is the status of the Privacy & Security tab?',
    help: 'Submitted is not approved: the tab counts in full only once Atlassian has reviewed and approved it.',
    options: [
      { value: 'approved', label: 'Approved by Atlassian' },
      { value: 'submitted', label: 'Submitted, awaiting approval (not approved yet)' },
      { value: 'draft', label: 'Draft' },
      { value: 'none', label: 'Not started' },
    ],
    scoring: { kind: 'choice', credit: { approved: 1, submitted: 0.25, draft: 0, none: 0 } },
    evidence: 'recommended',
    remediation:
      'Complete every section of the Privacy & Security tab, submit it, and follow up until Atlassian approves it.',
    sources: [SOURCES.privacySecurityTab, SOURCES.cloudFortifiedSecurity],
  },
  {
    id: 'T2',
    element: 'transparency',
    type: 'date',
    severity: 'major',
    programs: ['CF'],
    legacy: true,
    title: "When were the Privacy & Security tab's answers last reviewed?",
    help: 'Review at least yearly and after any material change, such as new egress, a new sub-processor or new data types.',
    scoring: { kind: 'within-days', days: 365 },
    remediation:
      'Review every Privacy & Security tab answer now, then yearly and after each material change to the app.',
    sources: [SOURCES.cloudFortifiedApproval, SOURCES.privacySecurityTab],
  },
  {
    id: 'T3',
    element: 'transparency',
    type: 'yes-no',
    severity: 'blocker',
    ...WHEN.manifestSupplied,
    derivedBy: 'manifest-consistency',
    title:
      'Do the tab\'s answers agree with the manifest (egress and remotes vs "stores data outside")?',
    help: 'A manifest with storing remotes or end-user-data egress contradicts a tab saying no data leaves Atlassian, and vice versa.',
    options: yesNo(),
    scoring: { kind: 'choice', credit: { yes: 1, no: 0 } },
    remediation:
      'Correct the Privacy & Security tab or the manifest so that egress, remotes and "stores data outside Atlassian" tell the same story.',
    sources: [SOURCES.privacySecurityTab, SOURCES.manifestPermissions, SOURCES.manifestRemotes],
  },
  {
    id: 'T4',
    element: 'transparency',
    type: 'yes-no',
    severity: 'major',
    programs: ['RoA'],
    ...WHEN.sendsAnalyticsOrLogs,
    title: 'Can customers block analytics and log egress?',
    help: "Admins can turn off the app's analytics and log egress without losing core features.",
    options: yesNo({ value: 'partial', label: 'Only one of analytics or logs can be blocked' }),
    scoring: { kind: 'choice', credit: { yes: 1, no: 0, partial: 0.5 } },
    remediation:
      'Keep analytics and log egress optional so customers can block them, and make sure the app still works when they do.',
    sources: [SOURCES.runsOnAtlassian],
  },
  {
    id: 'T5',
    element: 'transparency',
    type: 'yes-no',
    severity: 'major',
    programs: ['DR'],
    // The catalogue says "P4 = yes", but P4 is scored: a `when` on it would let a scored answer
    // switch T5 on and off. Gate on P1 instead; a derived check flags P4 = yes with T5 n/a.
    ...WHEN.storesOutside,
    notApplicableAllowed: true,
    title: 'Is the in-scope end-user data published for data residency?',
    help: 'If the app offers data residency, list all in-scope end-user data publicly. Mark this not applicable when data residency is not offered.',
    options: yesNo(),
    scoring: { kind: 'choice', credit: { yes: 1, no: 0 } },
    evidence: 'recommended',
    remediation:
      'Publish the complete list of in-scope end-user data covered by data residency and link it from the listing.',
    sources: [SOURCES.listingForgeApps, SOURCES.forgeDataResidency],
  },
  {
    id: 'T6',
    element: 'transparency',
    type: 'yes-no',
    severity: 'minor',
    title: 'Are trust documents published, such as CSA CAIQ-Lite answers or a security statement?',
    help: 'Documents customers ask for during procurement, public or available on request through a published page.',
    options: yesNo({ value: 'partial', label: 'Some, for example a security statement only' }),
    scoring: { kind: 'choice', credit: { yes: 1, no: 0, partial: 0.5 } },
    evidence: 'recommended',
    remediation:
      'Publish a trust page with a security statement and CSA CAIQ-Lite answers, and link it from the listing.',
    sources: [SOURCES.designForTrust],
  },
];
