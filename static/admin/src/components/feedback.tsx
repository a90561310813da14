/*
 * Error states. Atlaskit's SectionMessage brings icon buttons with tooltips and popups, so this
 * lives in its own chunk and loads only when an error is actually shown (the empty state is in
 * ./empty for the same reason).
 */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import type { ClientError } from '../api';
import { sentence } from '../lib/format';
import { humanizeMessage, issueText } from '../lib/issue-text';

const NO_TITLES: ReadonlyMap<string, string> = new Map();

const TITLES: Record<ClientError['code'], string> = {
  VALIDATION: 'Some values need fixing',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Someone else changed this',
  FORBIDDEN: 'Only Jira administrators can do this',
  LIMIT: 'Too long to store',
  RATE_LIMITED: 'Atlassian asked the app to slow down',
  UNAVAILABLE: "Jira didn't answer",
  INTERNAL: 'Something went wrong in the app',
  NETWORK: 'Offline',
};

/** What the person can do about it, beside what happened. */
const NEXT_STEP: Partial<Record<ClientError['code'], string>> = {
  RATE_LIMITED: 'It was tried again automatically; wait a moment, then try again.',
  UNAVAILABLE: 'It was tried again automatically. Nothing you entered is lost.',
  INTERNAL: 'Nothing you entered is lost. Try again; if it keeps failing, reload the page.',
  NETWORK: 'Check your connection; this page keeps what you entered.',
};

export function ErrorState({
  error,
  onRetry,
  title,
  titles = NO_TITLES,
}: {
  error: ClientError;
  onRetry?: () => void;
  title?: string;
  /** Question titles by id, so issues name the question rather than a payload path. */
  titles?: ReadonlyMap<string, string>;
}) {
  return (
    <div className="tr-block" role="alert">
      <SectionMessage appearance="error" title={title ?? TITLES[error.code]}>
        <p>{humanizeMessage(error.message, titles)}</p>
        {NEXT_STEP[error.code] && <p>{NEXT_STEP[error.code]}</p>}
        {error.issues && error.issues.length > 0 && (
          <ul>
            {error.issues.map((issue, i) => (
              <li key={i}>{sentence(issueText(issue, titles))}</li>
            ))}
          </ul>
        )}
        {onRetry && (
          <p>
            <Button onClick={onRetry}>Try again</Button>
          </p>
        )}
      </SectionMessage>
    </div>
  );
}
