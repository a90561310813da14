import type { ReactNode, Ref } from 'react';
import { Link } from '../router';
import { Bone } from './skeleton';
import './page-header.css';

export interface Crumb {
  label: string;
  /** Omitted for the page itself, the last crumb. */
  to?: string;
}

/**
 * Jira's page header: breadcrumbs, the page title (the one h1) and the page's actions on the
 * right, and an optional bar below it (filters). Drawn with tokens, not @atlaskit/page-header:
 * that package pins older primitives and compiled versions than the rest of the app, and
 * @atlaskit/breadcrumbs brings a dropdown menu and tooltips into the first view (docs/ui.md).
 */
export function PageHeader({
  title,
  breadcrumbs,
  actions,
  description,
  bottomBar,
  titleRef,
  titleTestId,
  actionsClassName,
}: {
  title: ReactNode;
  breadcrumbs?: Crumb[];
  actions?: ReactNode;
  description?: ReactNode;
  bottomBar?: ReactNode;
  titleRef?: Ref<HTMLHeadingElement>;
  titleTestId?: string;
  actionsClassName?: string;
}) {
  return (
    <div className="tr-ph" data-testid="page-header">
      {breadcrumbs && breadcrumbs.length > 0 && <Breadcrumbs items={breadcrumbs} />}
      <header className="tr-page-header">
        <div className="tr-ph-title">
          <h1 ref={titleRef} tabIndex={titleRef ? -1 : undefined} data-testid={titleTestId}>
            {title}
          </h1>
          {description && <p className="tr-ph-description">{description}</p>}
        </div>
        {actions && (
          <div className={`tr-ph-actions${actionsClassName ? ` ${actionsClassName}` : ''}`}>
            {actions}
          </div>
        )}
      </header>
      {bottomBar && <div className="tr-ph-bottom">{bottomBar}</div>}
    </div>
  );
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumbs" className="tr-breadcrumbs">
      <ol>
        {items.map((item, i) =>
          item.to !== undefined ? (
            <li key={i}>
              <Link to={item.to}>{item.label}</Link>
            </li>
          ) : (
            <li key={i} aria-current="page" title={item.label}>
              {item.label}
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}

/** The header while the page's subject loads: the way back is real, the rest is a skeleton. */
export function PageHeaderSkeleton({ parent, actions = 2 }: { parent?: Crumb; actions?: number }) {
  return (
    <div className="tr-ph" data-testid="page-header-skeleton">
      {parent && (
        <nav aria-label="Breadcrumbs" className="tr-breadcrumbs">
          <ol>
            <li>
              {parent.to !== undefined ? <Link to={parent.to}>{parent.label}</Link> : parent.label}
            </li>
            <li aria-hidden="true">
              <span className="tr-ph-bone">
                <Bone width={120} height={12} />
              </span>
            </li>
          </ol>
        </nav>
      )}
      <div className="tr-page-header" aria-hidden="true">
        <div className="tr-ph-title">
          <Bone width="40%" height={28} />
        </div>
        <div className="tr-ph-actions">
          {Array.from({ length: actions }, (_, i) => (
            <Bone key={i} width={i === actions - 1 ? 136 : 72} height={32} />
          ))}
        </div>
      </div>
    </div>
  );
}
