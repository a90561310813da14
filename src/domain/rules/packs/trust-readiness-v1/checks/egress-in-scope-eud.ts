import { remoteLabel, remotesMissingStorageDeclaration } from '../../../../manifest/data-flows';
import { disprove, NOTHING_SETTLED, type RegisteredCheck } from '../../../../checks/check-helpers';

/**
 * P5, decided only where the manifest is provably incomplete: a remote that lists the
 * `storage` operation must state `storage.inScopeEUD` (Forge's manifest validator rejects it
 * otherwise). Egress without `inScopeEUD` and remotes without `operations` are not failed:
 * Forge then presumes in-scope end-user data, a conservative default that can under-claim
 * data residency but never misstate it. Whether a declared value is true to the app's
 * behaviour is beyond the manifest, so the partner's answer stands there.
 */
export const egressInScopeEudCheck: RegisteredCheck = {
  id: 'egress-in-scope-eud',
  title: 'Remotes that store data declare inScopeEUD',
  settles: ['P5'],
  run({ answers, manifest }) {
    const missing = remotesMissingStorageDeclaration(manifest);
    if (missing.length === 0) return NOTHING_SETTLED;
    return disprove(
      'egress-in-scope-eud',
      answers,
      'P5',
      'a remote with the storage operation does not declare storage.inScopeEUD',
      missing.map(remoteLabel),
    );
  },
};
