import type { QuestionInput } from '../../../schema';
import { SOURCES_V2 as S } from '../sources';
import { WHEN, YES_PASSES, yesNo } from '../shared';

/**
 * R1–R6 come from Cloud Fortified, which RFC-124 retires: they are `informational`, so they
 * still earn points but never cap the readiness level.
 */
const CF = {
  programs: ['CF'],
  legacy: true,
  informational: true,
  trustCategory: 'reliability',
  sources: [S.trustOverview, S.rfc124],
} as const;

export const reliabilityQuestions: QuestionInput[] = [
  {
    id: 'R1',
    element: 'reliability',
    type: 'number',
    severity: 'major',
    ...CF,
    sources: [...CF.sources],
    programs: [...CF.programs],
    title: 'What success rate (%) did the app measure over the last 28 days?',
    help: 'The former Cloud Fortified objective is 99.9%; 99.5% earns partial credit.',
    scoring: { kind: 'at-least', full: 99.9, partial: 99.5, partialCredit: 0.5 },
    evidence: 'recommended',
    remediation:
      'Measure the success rate over a rolling 28 days, publish it, and fix the top error sources until it holds at 99.9%.',
  },
  {
    id: 'R2',
    element: 'reliability',
    type: 'yes-no',
    severity: 'major',
    ...CF,
    sources: [...CF.sources],
    programs: [...CF.programs],
    title:
      "Do synthetic tests run against Atlassian's early-release (Developer First Rollout) site?",
    options: yesNo({ value: 'partial', label: 'Some core flows only, or not on a schedule' }),
    scoring: { kind: 'choice', credit: { yes: 1, no: 0, partial: 0.5 } },
    remediation:
      'Schedule synthetic tests of the core flows against a Developer First Rollout site and alert on failures.',
  },
  {
    id: 'R3',
    element: 'reliability',
    type: 'yes-no',
    severity: 'minor',
    ...CF,
    sources: [...CF.sources],
    programs: [...CF.programs],
    ...WHEN.isConnect,
    title: 'Does a health check alert a monitored group mailbox?',
    help: 'Cloud Fortified asked this of Connect apps only; it does not apply to Forge-hosted apps.',
    options: yesNo({ value: 'partial', label: 'A health check exists, without alerting' }),
    scoring: { kind: 'choice', credit: { yes: 1, no: 0, partial: 0.5 } },
    remediation: 'Add a health check and route its alerts to a monitored group mailbox.',
  },
  {
    id: 'R4',
    element: 'reliability',
    type: 'yes-no',
    severity: 'major',
    ...CF,
    sources: [...CF.sources],
    programs: [...CF.programs],
    title:
      'Do incidents follow a process with ecosystem incident tickets, post-incident reviews and actions?',
    options: yesNo({
      value: 'partial',
      label: 'A process exists, but reviews are not always done',
    }),
    scoring: { kind: 'choice', credit: { yes: 1, no: 0, partial: 0.5 } },
    remediation:
      "Write an incident process that uses Atlassian's ecosystem incident tickets and hold a post-incident review for every incident.",
  },
  {
    id: 'R5',
    element: 'reliability',
    type: 'yes-no',
    severity: 'major',
    ...CF,
    sources: [...CF.sources],
    programs: [...CF.programs],
    title:
      'Does the support policy promise a first response to top-priority tickets within 24 hours, 5 days a week?',
    options: yesNo(),
    scoring: YES_PASSES,
    remediation:
      'State a 24-hour, 5-days-a-week first response for top-priority tickets in the support policy on your listing.',
  },
  {
    id: 'R6',
    element: 'reliability',
    type: 'text',
    severity: 'major',
    ...CF,
    sources: [...CF.sources],
    programs: [...CF.programs],
    title: "Who is the named support contact for Atlassian's third-party escalation process?",
    scoring: { kind: 'present' },
    remediation: "Name a support contact for Atlassian's third-party support procedure.",
  },
  {
    id: 'R7',
    element: 'reliability',
    type: 'yes-no',
    severity: 'major',
    trustCategory: 'reliability',
    ...WHEN.storesOutside,
    title: 'Are backups taken and the disaster-recovery plan tested?',
    options: yesNo({ value: 'partial', label: 'Backups exist, but recovery is untested' }),
    scoring: { kind: 'choice', credit: { yes: 1, no: 0, partial: 0.5 } },
    evidence: 'recommended',
    remediation:
      'Back up every store that holds end-user data and rehearse a restore at least once a year.',
    sources: [S.preLaunchChecklist],
  },
  {
    id: 'R8',
    element: 'reliability',
    type: 'yes-no',
    severity: 'minor',
    trustCategory: 'reliability',
    title: 'Are Atlassian deprecation notices acted on before their deadlines?',
    options: yesNo({ value: 'partial', label: 'Usually, but a deadline has been missed' }),
    scoring: { kind: 'choice', credit: { yes: 1, no: 0, partial: 0.5 } },
    remediation: 'Log each deprecation affecting the app with its deadline, and migrate before it.',
    sources: [S.preLaunchChecklist],
  },
];
