import { lazy, Suspense, useState, type KeyboardEvent } from 'react';
import { STATUS_LABEL } from '../lib/format';
import type { AssessmentStatus } from '../../../../src/shared/api';
import './status-filter.css';

const loadSelect = () => import('./status-select');
const StatusSelect = lazy(loadSelect);

/**
 * The list's status filter: Atlaskit's Select, whose code (react-select, ~35 KB gzip) loads
 * when someone reaches for the filter (pointer over it, focus, or a click), not with the first
 * view. Until then a button drawn as the Select's control shows the current choice; opening it
 * mounts the Select with its menu open and focus in it.
 */
export function StatusFilter({
  inputId,
  value,
  onChange,
}: {
  inputId: string;
  value: AssessmentStatus | '';
  onChange: (value: AssessmentStatus | '') => void;
}) {
  const [open, setOpen] = useState(false);
  const prefetch = () => void loadSelect();
  const trigger = (
    <button
      type="button"
      id={inputId}
      className="tr-select-trigger"
      aria-haspopup="listbox"
      data-testid="status-filter-trigger"
      onPointerEnter={prefetch}
      onFocus={prefetch}
      onClick={() => setOpen(true)}
      onKeyDown={(event: KeyboardEvent) => {
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          setOpen(true);
        }
      }}
    >
      <span>{value ? STATUS_LABEL[value] : 'All statuses'}</span>
      <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M8.292 10.293a1.009 1.009 0 0 0 0 1.419l2.939 2.965c.218.215.5.322.779.322s.556-.107.769-.322l2.93-2.955a1.01 1.01 0 0 0 0-1.419.987.987 0 0 0-1.406 0l-2.298 2.317-2.307-2.327a.99.99 0 0 0-1.406 0z"
          fill="currentColor"
          fillRule="evenodd"
        />
      </svg>
    </button>
  );
  if (!open) return trigger;
  return (
    <Suspense fallback={trigger}>
      <StatusSelect inputId={inputId} value={value} onChange={onChange} opening />
    </Suspense>
  );
}
