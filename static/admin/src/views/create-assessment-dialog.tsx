import Button from '@atlaskit/button/new';
import { RadioGroup } from '@atlaskit/radio';
import Textfield from '@atlaskit/textfield';
import { useRef, useState, type FormEvent } from 'react';
import { api, type ClientError } from '../api';
import { Dialog } from '../components/dialog';
import { ErrorState } from '../components/states';
import { HOSTING_LABEL, sentence } from '../lib/format';
import { useRouter } from '../router';
import { assessmentPath } from '../routes';
import {
  API_LIMITS,
  createAssessmentSchema,
  HOSTING_TYPES,
  type CreateAssessmentInput,
} from '../../../../src/shared/api';

type Hosting = (typeof HOSTING_TYPES)[number];
type FieldErrors = Partial<Record<'appName' | 'appKey', string>>;

export default function CreateAssessmentDialog({ onClose }: { onClose: () => void }) {
  const { navigate } = useRouter();
  const [appName, setAppName] = useState('');
  const [appKey, setAppKey] = useState('');
  const [hosting, setHosting] = useState<Hosting>('forge');
  // One id per distinct request: a retry of a create whose answer was lost gets back the
  // assessment it made instead of a twin; changing the form makes it a new request.
  const lastRequest = useRef<{ form: string; id: string } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ClientError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const form = JSON.stringify([appName, appKey, hosting]);
    if (lastRequest.current?.form !== form) {
      lastRequest.current = { form, id: crypto.randomUUID() };
    }
    const requestId = lastRequest.current.id;
    const input: CreateAssessmentInput = {
      appName,
      hosting,
      requestId,
      ...(appKey ? { appKey } : {}),
    };
    // The same schema the resolver parses with, so the form and the backend never disagree.
    const parsed = createAssessmentSchema.safeParse(input);
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'appName' || field === 'appKey') && !next[field])
          next[field] = sentence(issue.message);
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await api.createAssessment(input);
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    onClose();
    navigate(assessmentPath(result.data.assessment.id));
  };

  return (
    <Dialog title="Create assessment" onClose={onClose} testId="create-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="tr-field">
          <label className="tr-label" htmlFor="create-app-name">
            App name (required)
          </label>
          <Textfield
            id="create-app-name"
            value={appName}
            maxLength={API_LIMITS.appNameChars}
            isInvalid={errors.appName !== undefined}
            aria-describedby={errors.appName ? 'create-app-name-error' : undefined}
            onChange={(e) => setAppName(e.currentTarget.value)}
            autoFocus
          />
          {errors.appName && (
            <div className="tr-error" id="create-app-name-error">
              {errors.appName}
            </div>
          )}
        </div>
        <div className="tr-field">
          <label className="tr-label" htmlFor="create-app-key">
            App key (optional)
          </label>
          <Textfield
            id="create-app-key"
            value={appKey}
            placeholder="e.g. com.example.my-app"
            isInvalid={errors.appKey !== undefined}
            aria-describedby={errors.appKey ? 'create-app-key-error' : 'create-app-key-help'}
            onChange={(e) => setAppKey(e.currentTarget.value)}
          />
          {errors.appKey ? (
            <div className="tr-error" id="create-app-key-error">
              {errors.appKey}
            </div>
          ) : (
            <div className="tr-help" id="create-app-key-help">
              The Marketplace app key or Forge app id, so reports can be matched to listings.
            </div>
          )}
        </div>
        <div className="tr-field">
          <span className="tr-label" id="create-hosting-label">
            How is the app hosted?
          </span>
          <RadioGroup
            name="hosting"
            // The group's name carries the help too: RadioGroup passes no aria-describedby.
            aria-labelledby="create-hosting-label create-hosting-help"
            value={hosting}
            options={HOSTING_TYPES.map((h) => ({
              name: 'hosting',
              value: h,
              label: HOSTING_LABEL[h],
            }))}
            onChange={(e) => setHosting(e.currentTarget.value as Hosting)}
          />
          {/* One source for hosting: the choice is the questionnaire's G1 answer, not a copy. */}
          <div className="tr-help" id="create-hosting-help">
            This answers the questionnaire&apos;s first question (G1); change it there later.
          </div>
        </div>
        {failure && <ErrorState error={failure} title="The assessment was not created" />}
        <div className="tr-dialog-actions">
          <Button appearance="subtle" onClick={onClose}>
            Cancel
          </Button>
          <Button appearance="primary" type="submit" isLoading={busy}>
            Create
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
