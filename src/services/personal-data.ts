import { reportAccounts } from '../auth/personal-data';
import { collectAccountReferences, eraseAccounts } from '../storage/account-references';

export interface PersonalDataRun {
  reported: number;
  closed: number;
  recordsErased: number;
}

/**
 * The scheduled job that keeps the app within Atlassian's user privacy rules (and its own
 * rule C6): report every stored account id, and erase the ids of closed accounts from every
 * record. The app stores no names, emails or avatars, so an "updated" account needs nothing.
 */
export async function runPersonalDataReporting(): Promise<PersonalDataRun> {
  const references = await collectAccountReferences();
  const actions = await reportAccounts(
    references.map((r) => ({ accountId: r.accountId, updatedAt: r.storedAt })),
  );
  const closed = actions.filter((a) => a.status === 'closed').map((a) => a.accountId);
  const recordsErased = await eraseAccounts(closed);
  return { reported: references.length, closed: closed.length, recordsErased };
}
