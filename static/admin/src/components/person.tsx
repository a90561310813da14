import { requestJira } from '../forge-bridge';
import { useSyncExternalStore } from 'react';
import { PeopleDirectory, type Person } from '../lib/people';

/** One directory for the whole page: each account is looked up at most once per page load. */
export const people = new PeopleDirectory((path) =>
  requestJira(path, { headers: { Accept: 'application/json' } }),
);

export function usePerson(accountId: string | null | undefined): Person | null {
  useSyncExternalStore(people.subscribe, people.getVersion);
  if (!accountId) return null;
  return people.get(accountId);
}

/** A name for plain text (flags, titles): the display name once known. */
export function usePersonName(accountId: string | null | undefined): string {
  const person = usePerson(accountId);
  if (!accountId) return 'Someone';
  return person?.displayName ?? '…';
}

/** A person as the page shows them: avatar and display name, never the raw account id. */
export function PersonName({
  accountId,
  avatar = true,
}: {
  accountId: string | null | undefined;
  avatar?: boolean;
}) {
  const person = usePerson(accountId);
  if (!accountId) return <span className="tr-person">Someone</span>;
  const name = person?.displayName ?? 'Loading name…';
  return (
    <span
      className="tr-person"
      data-testid="person"
      data-account-id={accountId}
      data-person-status={person?.status ?? 'loading'}
    >
      {avatar &&
        (person?.avatarUrl ? (
          <img className="tr-avatar" src={person.avatarUrl} alt="" width={20} height={20} />
        ) : (
          <span className="tr-avatar tr-avatar-blank" aria-hidden="true" />
        ))}
      <span className="tr-person-name">{name}</span>
    </span>
  );
}
