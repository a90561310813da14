import type { Lens } from '../../../lens';

/** EU and EEA member states (and the words a tab uses for the region), English names. */
const EEA = [
  'EU',
  'EEA',
  'European Union',
  'Europe',
  'Austria',
  'Belgium',
  'Bulgaria',
  'Croatia',
  'Cyprus',
  'Czechia',
  'Czech Republic',
  'Denmark',
  'Estonia',
  'Finland',
  'France',
  'Germany',
  'Greece',
  'Hungary',
  'Ireland',
  'Italy',
  'Latvia',
  'Lithuania',
  'Luxembourg',
  'Malta',
  'Netherlands',
  'Poland',
  'Portugal',
  'Romania',
  'Slovakia',
  'Slovenia',
  'Spain',
  'Sweden',
  'Iceland',
  'Liechtenstein',
  'Norway',
] as const;

/**
 * Where the data may sit for an EU buyer: the EEA, plus Atlassian's own data residency
 * (the customer picks the EU realm for Forge-hosted data).
 */
const EU_STORAGE = [...EEA, "Atlassian's data residency location"] as const;

/**
 * Buyer lenses for rule set v2: how a kind of customer reads the Privacy & Security tab and
 * the trust signals, deal-breakers first. Data only; src/domain/lens.ts renders them.
 */
export const lensesV2: readonly Lens[] = [
  {
    id: 'eu-regulated',
    title: 'EU/DACH regulated buyer',
    buyer:
      'A regulated customer in Germany, Austria or elsewhere in the EU who needs EU data residency, a recognised security certification and a GDPR-proof contract before installing.',
    concerns: [
      {
        questionId: 'P16',
        weight: 'deal-breaker',
        expect: { mentionsAny: EU_STORAGE },
        says: 'Our data would be stored in {answer}, outside the EU/EEA; we need it stored in the EU.',
        saysUnanswered: 'The listing does not say in which countries our data is stored.',
      },
      {
        questionId: 'P4',
        weight: 'deal-breaker',
        expect: { oneOf: ['stored-in-atlassian', 'supported'] },
        says: 'Data residency: {answer}. We cannot pin our data to the EU, so it fails our data residency requirement.',
        saysUnanswered: 'The listing does not say whether data residency is supported.',
      },
      {
        questionId: 'C7',
        weight: 'deal-breaker',
        expect: { includesAny: ['iso27001', 'bsi-c5', 'tisax'] },
        says: 'No ISO 27001, BSI C5 or TISAX certification (the listing says: {answer}); our security review requires one of them.',
        saysUnanswered:
          'The listing names no certification; our security review requires ISO 27001, BSI C5 or TISAX.',
      },
      {
        questionId: 'C3',
        weight: 'deal-breaker',
        expect: { oneOf: ['yes'] },
        says: 'No data processing agreement (GDPR Art. 28) is offered ({answer}); we cannot let a processor handle our data without one.',
        saysUnanswered: 'The listing does not say whether a data processing agreement is offered.',
      },
      {
        questionId: 'C4',
        weight: 'deal-breaker',
        expect: { oneOf: ['yes'] },
        says: 'Our data leaves the EEA without a stated transfer mechanism such as SCCs ({answer}).',
        saysUnanswered:
          'Our data may leave the EEA and the listing names no transfer mechanism (e.g. SCCs).',
      },
      {
        questionId: 'P15',
        weight: 'question',
        expect: { recordCountriesWithin: EEA },
        says: 'Sub-processors outside the EEA: {offending}. Which transfer mechanism covers each?',
        saysUnanswered: 'Which sub-processors receive our data, and in which countries?',
      },
      {
        questionId: 'G6',
        weight: 'question',
        expect: { oneOf: ['no'] },
        says: 'End-user data is transferred outside the EEA; where to, and under which safeguards?',
        saysUnanswered: 'Is our data transferred outside the EEA?',
      },
      {
        questionId: 'P17',
        weight: 'question',
        expect: { oneOf: ['yes'] },
        says: 'Moving our data between residency realms is not supported ({answer}); what happens when we move to the EU realm?',
        saysUnanswered: 'Can our data move with us between data residency realms?',
      },
    ],
  },
  {
    id: 'us-enterprise',
    title: 'US enterprise buyer',
    buyer:
      "A US enterprise customer whose vendor-risk team asks for a SOC 2 Type II report, the vendor's CCPA role, an incident process and measured uptime.",
    concerns: [
      {
        questionId: 'C7',
        weight: 'deal-breaker',
        expect: { includesAny: ['soc2-type2'] },
        says: 'No SOC 2 Type II report (the listing says: {answer}); our vendor-risk review requires one.',
        saysUnanswered:
          'The listing names no certification; our vendor-risk review requires a SOC 2 Type II report.',
      },
      {
        questionId: 'S24',
        weight: 'deal-breaker',
        expect: { oneOf: ['yes'] },
        says: 'No security incident process is stated ({answer}); we need to know we will be told about a breach.',
        saysUnanswered: 'The listing does not say how security incidents are handled and reported.',
      },
      {
        questionId: 'C11',
        weight: 'question',
        expect: { oneOf: ['yes'] },
        says: 'The vendor is not a CCPA service provider ({answer}); may it use our data for its own purposes?',
        saysUnanswered: 'Is the vendor a CCPA service provider for our data?',
      },
      {
        questionId: 'C5',
        weight: 'question',
        expect: { oneOf: ['false', 'not-applicable'] },
        says: 'The vendor says it is a CCPA "business" ({answer}); what does it do with our users\' data?',
        saysUnanswered: 'The listing does not state the CCPA role (business or not).',
      },
      {
        questionId: 'R1',
        weight: 'question',
        expect: { atLeast: 99.9 },
        says: 'Measured success rate {answer}% over 28 days, below the 99.9% we expect.',
        saysUnanswered: 'No measured uptime or success rate is stated.',
      },
      {
        questionId: 'R7',
        weight: 'question',
        expect: { oneOf: ['yes'] },
        says: 'Backups and disaster recovery: {answer}.',
        saysUnanswered: 'Are backups taken and the disaster-recovery plan tested?',
      },
    ],
  },
];
