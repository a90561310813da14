import type { Suggestion } from '../../../checks/types';
import { canSendDataOut, storageOutsideFacts } from '../../../manifest/data-flows';
import type { ManifestFacts } from '../../../manifest/facts';
import { suggestAnswers as suggestV1 } from '../trust-readiness-v1/suggestions';

/** v1 suggestions whose question means the same in v2. */
const SAME_IN_V2 = new Set(['G1', 'G2', 'G3', 'G4', 'P1', 'P2', 'S11', 'S12', 'P5', 'P9', 'P10']);

/**
 * Suggestions for rule set v2. A Forge-hosted app (no remote stores data, nothing presumed to
 * carry end-user data out) gets the values the platform guarantees *suggested*: the partner
 * confirms them, they are never assumed.
 */
export function suggestAnswersV2(facts: ManifestFacts): Suggestion[] {
  const out = suggestV1(facts).filter((s) => SAME_IN_V2.has(s.questionId));
  const hostedOnly = facts.remotes.length === 0 && storageOutsideFacts(facts).length === 0;
  if (hostedOnly) {
    const why = canSendDataOut(facts)
      ? 'likely: no remote stores data and no egress is presumed to carry end-user data, so it sits in Forge-hosted storage'
      : 'nothing in the manifest can send data out: end-user data stays in Forge-hosted storage';
    out.push(
      {
        questionId: 'P4',
        value: 'stored-in-atlassian',
        reason: `${why}, which Forge pins and migrates for data residency`,
        facts: [],
      },
      {
        questionId: 'P16',
        value: "Stored in Atlassian's data residency location chosen by the customer",
        reason: `${why}; confirm the wording for your listing`,
        facts: [],
      },
      {
        questionId: 'P17',
        value: 'yes',
        reason: `${why}; Forge migrates hosted data between realms`,
        facts: [],
      },
      {
        questionId: 'S6',
        value: 'yes',
        reason: `${why}, which Atlassian encrypts at rest`,
        facts: [],
      },
    );
  }
  const cme = facts.customerManagedEgress;
  if (cme) {
    out.push({
      questionId: 'S18',
      value: cme.egress || cme.remotes.length > 0 ? 'yes' : 'no',
      reason:
        cme.egress || cme.remotes.length > 0
          ? 'the manifest enables customer-managed egress'
          : 'the manifest enables no customer-managed egress',
      facts: cme.egress ? ['permissions.external.configurable.enabled: true'] : [],
    });
  }
  return out;
}
