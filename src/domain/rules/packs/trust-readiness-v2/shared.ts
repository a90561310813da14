import type { Condition, QuestionOption } from '../../schema';

/** Fresh objects per call so no two questions share (and could mutate) one options array. */
export function yesNo(third?: QuestionOption): QuestionOption[] {
  const options: QuestionOption[] = [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ];
  return third ? [...options, third] : options;
}

/** A tab value where either answer is honest: answering earns the credit, not the value. */
export const EITHER = { kind: 'choice', credit: { yes: 1, no: 1 } } as const;
export const YES_PASSES = { kind: 'choice', credit: { yes: 1, no: 0 } } as const;
export const NO_PASSES = { kind: 'choice', credit: { yes: 0, no: 1 } } as const;

/** Only gates switch questions on or off, so raising one answer never lowers the score. */
export const WHEN = {
  usesForgeRemote: {
    when: { question: 'G1', equals: 'forge-remote' },
    whenText: 'Only when the app uses a Forge Remote backend',
  },
  isConnect: {
    when: { question: 'G1', equals: 'connect' },
    whenText: 'Only for Connect or partner-hosted apps',
  },
  hasRemoteBackend: {
    when: { question: 'G1', in: ['forge-remote', 'connect'] },
    whenText: 'Only when the app has a remote backend',
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
  sharesWithThirdParties: {
    when: { question: 'P13', equals: 'yes' },
    whenText: 'Only when end-user data is shared with third parties',
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
