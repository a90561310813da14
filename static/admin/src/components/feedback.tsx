/*
 * Error and empty states. Atlaskit's SectionMessage and EmptyState bring buttons with tooltips
 * and popups, so these live in their own chunk and load only when one is actually shown.
 */
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';
import type { ClientError } from '../api';

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
}: {
  error: ClientError;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div className="tr-block" role="alert">
      <SectionMessage appearance="error" title={title ?? TITLES[error.code]}>
        <p>{error.message}</p>
        {error.issues && error.issues.length > 0 && (
          <ul>
            {error.issues.map((issue, i) => (
              <li key={i}>
                {issue.path.join('.')}: {issue.message}
              </li>
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
