import type { QuestionInput } from '../../../schema';
import { SOURCES, yesNo } from '../shared';

/**
 * App-profile gates. They describe the app rather than judge it, so they carry no scoring;
 * other questions' `when` conditions read them. Keep them free of `when` themselves so the
 * profile can always be answered up front.
 */
export const profileQuestions: QuestionInput[] = [
  {
    id: 'G1',
    element: 'security',
    type: 'single-choice',
    severity: 'gate',
    title: 'How is the app hosted?',
    help: 'Pick where the app runs its compute and keeps its data. Forge Remote and Connect apps take on the security of their own backend.',
    options: [
      { value: 'forge-hosted', label: 'Forge-hosted: all compute and storage on Atlassian' },
      { value: 'forge-remote', label: 'Forge app with a Forge Remote backend' },
      { value: 'connect', label: 'Connect or partner-hosted' },
    ],
    sources: [SOURCES.forgeSharedResponsibility],
  },
  {
    id: 'G2',
    element: 'security',
    type: 'yes-no',
    severity: 'gate',
    title: 'Does the app call external domains (egress)?',
    help: 'Yes if the manifest lists any external fetch, images, fonts, scripts or other egress permission, including analytics.',
    options: yesNo(),
    sources: [SOURCES.manifestPermissions],
  },
  {
    id: 'G3',
    element: 'privacy',
    type: 'yes-no',
    severity: 'gate',
    title: 'Does the app send analytics outside Atlassian?',
    help: 'Yes for any product-analytics or telemetry service, even one that receives no end-user data.',
    options: yesNo(),
    sources: [SOURCES.runsOnAtlassian],
  },
  {
    id: 'G4',
    element: 'privacy',
    type: 'yes-no',
    severity: 'gate',
    title: 'Does the app send logs outside Atlassian?',
    help: 'Yes if any log line leaves Forge logging, for example to an external log or error-tracking service.',
    options: yesNo(),
    sources: [SOURCES.runsOnAtlassian],
  },
  {
    id: 'G5',
    element: 'compliance',
    type: 'yes-no',
    severity: 'gate',
    title: 'Is the app a GDPR processor of end-user data?',
    help: 'Yes if you process personal data on behalf of your customers, for example by storing or transforming it on your own systems.',
    options: yesNo(),
    sources: [SOURCES.userPrivacy],
  },
  {
    id: 'G6',
    element: 'compliance',
    type: 'yes-no',
    severity: 'gate',
    title: 'Does end-user data leave the EEA?',
    help: 'Yes if any end-user data is stored or processed outside the European Economic Area, including by sub-processors.',
    options: yesNo(),
    sources: [SOURCES.privacySecurityTab],
  },
  {
    id: 'G7',
    element: 'privacy',
    type: 'yes-no',
    severity: 'gate',
    title: 'Does the app store personal data?',
    help: 'Yes if it keeps account IDs, names, email addresses or other personal data anywhere, Forge storage included.',
    options: yesNo(),
    sources: [SOURCES.userPrivacy],
  },
];
