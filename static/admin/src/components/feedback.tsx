/*
 * Error and empty states. Atlaskit's SectionMessage and EmptyState bring buttons with tooltips
 * and popups, so these live in their own chunk and load only when one is actually shown.
 */
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';
import type { ClientError } from '../api';
import { sentence } from '../lib/format';
import { humanizeMessage, issueText } from '../lib/issue-text';

const NO_TITLES: ReadonlyMap<string, string> = new Map();

const TITLES: Record<ClientError['code'], string> = {
  VALIDATION: 'Some values are not valid',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Someone else changed this',
  FORBIDDEN: 'No access',
  LIMIT: 'Too large',
  RATE_LIMITED: 'Atlassian is busy',
  UNAVAILABLE: 'Atlassian did not answer',
  INTERNAL: 'Something went wrong',
  NETWORK: 'Cannot reach the app',
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

export function Empty({
  header,
  description,
  action,
  headingLevel = 2,
}: {
  header: string;
  description: ReactNode;
  action?: ReactNode;
  headingLevel?: 1 | 2;
}) {
  return (
    <EmptyState
      header={header}
      headingLevel={headingLevel}
      description={description}
      primaryAction={action}
      width="wide"
    />
  );
}
