import { privacy } from '@forge/api';

/**
 * Forge's personal data reporting (`privacy.reportPersonalData`, which @forge/api sends to
 * Atlassian's `/app/report-accounts` API 90 accounts at a time): for each stored account and
 * when the app stored it, Atlassian says whether it was closed or its profile changed.
 */
export interface ReportedAccount {
  accountId: string;
  updatedAt: string;
}

export interface AccountAction {
  accountId: string;
  status: 'closed' | 'updated';
}

export async function reportAccounts(accounts: ReportedAccount[]): Promise<AccountAction[]> {
  return privacy.reportPersonalData(accounts);
}
