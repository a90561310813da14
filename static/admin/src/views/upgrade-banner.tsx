import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import { api, type ClientError } from '../api';
import { ErrorState } from '../components/states';
import { showHostFlag } from '../host';
import { useAssessment } from '../lib/assessment-context';
import { formatScore } from '../lib/format';

/**
 * Offered on an assessment whose rule set has a newer version. Upgrading is the partner's
 * choice, never automatic: the score can move, and new questions need answers.
 */
export function UpgradeBanner({ onUpgraded }: { onUpgraded: () => void }) {
  const { detail, ruleSetInfo, session, readOnly } = useAssessment();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const to = ruleSetInfo.upgrades.at(-1);
  if (!to) return null;
  const { assessment } = detail;

  const upgrade = async () => {
    setBusy(true);
    setError(null);
    // Pending edits belong to the old rule set's questions: land them first.
    const saved = await session.flushNow();
    if (!saved) {
      setBusy(false);
      setError({ code: 'VALIDATION', message: 'Save or fix your pending edits before upgrading.' });
      return;
    }
    const result = await api.upgradeAssessment({
      id: assessment.id,
      expectedRevision: session.getSnapshot().detail.assessment.revision,
      to,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const r = result.data;
    showHostFlag({
      id: `trust-readiness-upgraded-${assessment.id}`,
      title: `Upgraded to ${r.to}`,
      description: `Score ${formatScore(r.scoreBefore)} → ${formatScore(r.scoreAfter)}. ${r.unanswered.length} new question(s) to answer; ${r.mapped.length} answer(s) translated; ${r.retired.length} kept as retired.`,
      type: 'success',
      autoDismiss: false,
    });
    onUpgraded();
  };

  return (
    <div className="tr-block" data-testid="upgrade-banner">
      <SectionMessage appearance="information" title={`A newer rule set is available: ${to}`}>
        <p>
          This assessment is scored on {assessment.ruleSetVersion}. Upgrading carries over every
          answer whose meaning is the same, translates those whose meaning changed, keeps answers to
          retired questions readable, and lists the new questions. It is one audited change.
        </p>
        {readOnly && <p>Reopen the assessment to upgrade it.</p>}
        <Button appearance="primary" onClick={() => void upgrade()} isDisabled={busy || readOnly}>
          {busy ? 'Upgrading…' : `Upgrade to ${to}`}
        </Button>
      </SectionMessage>
      {error && <ErrorState error={error} />}
    </div>
  );
}
