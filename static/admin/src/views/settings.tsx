import { Checkbox } from '@atlaskit/checkbox';
import { useEffect, useState } from 'react';
import { api, type ClientError } from '../api';
import { PersonName } from '../components/person';
import { ErrorState, InPageProvider, Loading } from '../components/states';
import { setWindowTitle } from '../host';
import { formatDateTime } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { PageHeader } from '../components/page-header';
import type { Settings } from '../../../../src/shared/api';
import { AuditTrail } from './audit-trail';

/** The site's audit id for settings changes (the backend's SETTINGS_AUDIT_ID). */
const SETTINGS_AUDIT_ID = 'site-settings';

export default function SettingsPage() {
  const [loaded, retry] = useLoad(() => api.getSettings(), []);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);

  useEffect(() => setWindowTitle('Settings · Trust readiness'), []);
  useEffect(() => {
    if (loaded.status === 'ready') setSettings(loaded.data);
  }, [loaded]);

  const toggle = async (allowSelfReview: boolean) => {
    if (!settings) return;
    // The box shows the choice at once (a checkbox that lags its click reads as broken); a
    // refused change puts the stored value back.
    const before = settings;
    setSettings({ ...settings, allowSelfReview });
    setBusy(true);
    setError(null);
    const result = await api.updateSettings({
      expectedRevision: before.revision,
      allowSelfReview,
    });
    setBusy(false);
    if (result.ok) setSettings(result.data);
    else {
      setSettings(before);
      setError(result.error);
      if (result.error.code === 'CONFLICT') retry();
    }
  };

  return (
    <InPageProvider value>
      <main className="tr-page" data-testid="settings">
        <PageHeader
          breadcrumbs={[{ label: 'Trust readiness', to: '/' }, { label: 'Settings' }]}
          title="Settings"
        />
        {loaded.status === 'loading' && <Loading label="Loading the settings" />}
        {loaded.status === 'error' && <ErrorState error={loaded.error} onRetry={retry} />}
        {settings && (
          <section className="tr-section tr-card" aria-labelledby="review-settings-heading">
            <h2 id="review-settings-heading">Reviews</h2>
            <p className="tr-subtle">
              A review is a second pair of eyes: by default the administrator who submitted an
              assessment cannot approve it or request changes on it. On a site with a single
              administrator, allow self-review; every self-review is then marked as such in the
              review and the audit trail.
            </p>
            <Checkbox
              name="allow-self-review"
              label="Allow self-review (single-admin sites)"
              isChecked={settings.allowSelfReview}
              isDisabled={busy}
              onChange={(e) => void toggle(e.currentTarget.checked)}
              testId="allow-self-review"
            />
            <p className="tr-subtlest" data-testid="settings-updated">
              {settings.updatedBy ? (
                <>
                  Last changed by <PersonName accountId={settings.updatedBy} />
                  {settings.updatedAt ? ` on ${formatDateTime(settings.updatedAt)}` : ''}.
                </>
              ) : (
                'Never changed: the default applies.'
              )}
            </p>
            {error && <ErrorState error={error} title="The setting was not changed" />}
          </section>
        )}
        {settings && <AuditTrail id={SETTINGS_AUDIT_ID} refreshKey={settings.revision} />}
      </main>
    </InPageProvider>
  );
}
