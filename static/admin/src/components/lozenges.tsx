import type { ReactNode } from 'react';
import type { AssessmentStatus } from '../../../../src/shared/api';
import type { Outcome } from '../../../../src/domain/scoring/report';
import type { ReadinessLevel } from '../../../../src/domain/scoring/policy';
import type { Severity } from '../../../../src/domain/rules/schema';
import {
  LEVEL_APPEARANCE,
  LEVEL_LABEL,
  OUTCOME_APPEARANCE,
  OUTCOME_LABEL,
  SEVERITY_APPEARANCE,
  SEVERITY_LABEL,
  STATUS_APPEARANCE,
  STATUS_LABEL,
  type LozengeAppearance,
} from '../lib/format';
import './lozenges.css';

/**
 * Atlaskit's Lozenge as it renders today (same markup, rules and tokens; see lozenges.css),
 * without the package's interactive machinery, which would cost the first view ~30 KB gzip.
 */
export function Lozenge({
  appearance = 'default',
  children,
  testId,
}: {
  appearance?: LozengeAppearance;
  /** Accepted for Atlaskit's signature; its current look has no bold variant either. */
  isBold?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span className="tr-lozenge" data-appearance={appearance} data-testid={testId}>
      <span>
        <span>{children}</span>
      </span>
    </span>
  );
}

export function StatusLozenge({ status }: { status: AssessmentStatus }) {
  return (
    <span data-testid="status-lozenge" data-status={status}>
      <Lozenge appearance={STATUS_APPEARANCE[status]}>{STATUS_LABEL[status]}</Lozenge>
    </span>
  );
}

export function LevelLozenge({ level }: { level: ReadinessLevel }) {
  return (
    <span data-testid="level-lozenge" data-level={level}>
      <Lozenge appearance={LEVEL_APPEARANCE[level]} isBold>
        {LEVEL_LABEL[level]}
      </Lozenge>
    </span>
  );
}

export function OutcomeLozenge({ outcome }: { outcome: Outcome }) {
  return (
    <span data-outcome={outcome}>
      <Lozenge appearance={OUTCOME_APPEARANCE[outcome]}>{OUTCOME_LABEL[outcome]}</Lozenge>
    </span>
  );
}

export function SeverityLozenge({ severity }: { severity: Severity }) {
  return <Lozenge appearance={SEVERITY_APPEARANCE[severity]}>{SEVERITY_LABEL[severity]}</Lozenge>;
}
