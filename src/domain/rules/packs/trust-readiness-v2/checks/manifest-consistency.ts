import type { ScoringAnswers } from '../../../../answers';
import {
  analyticsEgress,
  dataChannels,
  egressDeclaredCarryingEud,
  egressLabel,
  remoteLabel,
  remotesDeclaredStoringEud,
} from '../../../../manifest/data-flows';
import type { ManifestFacts } from '../../../../manifest/facts';
import { chosen, NOTHING_SETTLED, type RegisteredCheck } from '../../../../checks/check-helpers';
import type { Contradiction } from '../../../../checks/types';

/** The gate answers the Privacy & Security tab states and the manifest can confirm or refute. */
export const MANIFEST_GATES = ['P1', 'P2', 'G1', 'G2', 'G3'] as const;

const CHECK_ID = 'manifest-consistency';
const NOTHING_LEAVES = [
  'permissions.external: no egress declared',
  'remotes: none declared',
  'modules.webtrigger: no dynamic web trigger',
];

/**
 * T3 in rule set v2: the tab's answers must agree with what the manifest *proves*. A
 * contradiction needs the manifest to prove the opposite: it declares the entry (analytics
 * egress, a remote storing in-scope end-user data, an egress entry with inScopeEUD: true), or
 * Forge enforces it (undeclared egress is blocked, so with no egress, remote, dynamic web
 * trigger, Connect module or customer-managed egress nothing leaves). Forge's default
 * presumption that a declared domain may carry end-user data is not proof that it does: it is
 * a suggestion to confirm, so an honest "no" is never failed by it (v1 fails it; v1 is frozen).
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
          reason: `the manifest proves nothing against the answers to ${MANIFEST_GATES.join(', ')}`,
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
  const leaves = dataChannels(manifest).length > 0;

  const storing = remotesDeclaredStoringEud(manifest).map(remoteLabel);
  const p1 = chosen(answers, 'P1');
  if (p1 === 'no' && storing.length > 0) {
    add(
      'P1',
      'P1 says no end-user data is stored outside Atlassian, but the manifest declares remotes that store in-scope end-user data (storage.inScopeEUD: true)',
      storing,
    );
  }
  if (p1 === 'yes' && !leaves) {
    add(
      'P1',
      'P1 says end-user data is stored outside Atlassian, but the manifest lets no data out',
      NOTHING_LEAVES,
    );
  }

  const processing = [...egressDeclaredCarryingEud(manifest).map(egressLabel), ...storing];
  const p2 = chosen(answers, 'P2');
  if (p2 === 'no' && processing.length > 0) {
    add(
      'P2',
      'P2 says no end-user data is processed outside Atlassian, but the manifest declares entries that carry in-scope end-user data out (inScopeEUD: true)',
      processing,
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
    add('G2', 'G2 says the app has egress, but the manifest lets no data out', NOTHING_LEAVES);
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
