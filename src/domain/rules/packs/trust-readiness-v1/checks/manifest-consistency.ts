import type { ScoringAnswers } from '../../../../answers';
import {
  analyticsEgress,
  canSendDataOut,
  egressLabel,
  processingOutsideFacts,
  remoteLabel,
  storageOutsideFacts,
} from '../../../../manifest/data-flows';
import type { ManifestFacts } from '../../../../manifest/facts';
import { chosen, NOTHING_SETTLED, type RegisteredCheck } from '../../../../checks/check-helpers';
import type { Contradiction } from '../../../../checks/types';

/** The gate answers the Privacy & Security tab states and the manifest can confirm or refute. */
export const MANIFEST_GATES = ['P1', 'P2', 'G1', 'G2', 'G3'] as const;

const CHECK_ID = 'manifest-consistency';
const NOTHING_LEAVES = ['permissions.external: no egress declared', 'remotes: none declared'];

/**
 * T3: the tab's answers must agree with the manifest. Each rule compares one gate answer with
 * the manifest under Forge's documented defaults (see manifest/data-flows.ts), in both
 * directions: Forge blocks undeclared egress, so a manifest without egress or remotes also
 * refutes a claim that data leaves. With any contradiction T3 fails; with every gate answered
 * and none contradicted it passes; otherwise it stays open.
 */
export const manifestConsistencyCheck: RegisteredCheck = {
  id: CHECK_ID,
  title: 'Privacy & Security answers agree with the manifest',
  settles: ['T3'],
  run({ answers, manifest }) {
    const contradictions = gateContradictions(answers, manifest);
    if (contradictions.length > 0) {
      const ids = contradictions.map((c) => c.questionId).join(', ');
      return {
        settlements: [
          {
            questionId: 'T3',
            outcome: 'fail',
            reason: `the manifest contradicts the answers to ${ids}; correct the answers or the manifest`,
          },
        ],
        contradictions,
      };
    }
    if (MANIFEST_GATES.some((id) => chosen(answers, id) === undefined)) return NOTHING_SETTLED;
    return {
      settlements: [
        {
          questionId: 'T3',
          outcome: 'pass',
          reason: `the answers to ${MANIFEST_GATES.join(', ')} agree with the manifest`,
        },
      ],
      contradictions: [],
    };
  },
};

function gateContradictions(answers: ScoringAnswers, manifest: ManifestFacts): Contradiction[] {
  const found: Contradiction[] = [];
  const add = (questionId: string, message: string, facts: string[]) =>
    found.push({ questionId, checkId: CHECK_ID, message, facts });
  const leaves = canSendDataOut(manifest);

  const stored = storageOutsideFacts(manifest);
  const p1 = chosen(answers, 'P1');
  if (p1 === 'no' && stored.length > 0) {
    add(
      'P1',
      'P1 says no end-user data is stored outside Atlassian, but Forge presumes these entries carry in-scope end-user data to a remote back end (declare inScopeEUD: false where that is wrong)',
      stored,
    );
  }
  if (p1 === 'yes' && !leaves) {
    add(
      'P1',
      'P1 says end-user data is stored outside Atlassian, but the manifest lets no data out',
      NOTHING_LEAVES,
    );
  }

  const processed = processingOutsideFacts(manifest);
  const p2 = chosen(answers, 'P2');
  if (p2 === 'no' && processed.length > 0) {
    add(
      'P2',
      'P2 says no end-user data is processed outside Atlassian, but the manifest sends it to remotes or egress presumed to carry it',
      processed,
    );
  }
  if (p2 === 'yes' && !leaves) {
    add(
      'P2',
      'P2 says end-user data is processed outside Atlassian, but the manifest lets no data out',
      NOTHING_LEAVES,
    );
  }

  const g1 = chosen(answers, 'G1');
  if (g1 === 'forge-hosted' && manifest.remotes.length > 0) {
    add(
      'G1',
      'G1 says the app is Forge-hosted, but the manifest declares remotes',
      manifest.remotes.map(remoteLabel),
    );
  }
  if ((g1 === 'forge-remote' || g1 === 'connect') && manifest.remotes.length === 0) {
    add('G1', `G1 says the app uses ${g1}, but the manifest declares no remotes`, [
      'remotes: none declared',
    ]);
  }

  const g2 = chosen(answers, 'G2');
  if (g2 === 'no' && manifest.egress.length > 0) {
    add(
      'G2',
      'G2 says the app has no egress, but the manifest declares egress',
      manifest.egress.map(egressLabel),
    );
  }
  if (g2 === 'yes' && !leaves) {
    add(
      'G2',
      'G2 says the app has egress, but the manifest declares no egress and no remotes',
      NOTHING_LEAVES,
    );
  }

  const analytics = analyticsEgress(manifest);
  const g3 = chosen(answers, 'G3');
  if (g3 === 'no' && analytics.length > 0) {
    add(
      'G3',
      'G3 says the app sends no analytics outside Atlassian, but the manifest declares analytics egress',
      analytics.map(egressLabel),
    );
  }
  if (g3 === 'yes' && !leaves) {
    add(
      'G3',
      'G3 says the app sends analytics outside Atlassian, but the manifest lets no data out',
      NOTHING_LEAVES,
    );
  }
  return found;
}
