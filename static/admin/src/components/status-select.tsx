import Select from '@atlaskit/select';
import { STATUS_LABEL } from '../lib/format';
import type { AssessmentStatus } from '../../../../src/shared/api';

type Choice = { label: string; value: AssessmentStatus | '' };

const CHOICES: Choice[] = [
  { label: 'All statuses', value: '' },
  ...(Object.keys(STATUS_LABEL) as AssessmentStatus[]).map((s) => ({
    label: STATUS_LABEL[s],
    value: s,
  })),
];

/** The list's status filter, Atlaskit's Select, in its own chunk (see ./status-filter). */
export default function StatusSelect({
  inputId,
  value,
  onChange,
  opening = false,
}: {
  inputId: string;
  value: AssessmentStatus | '';
  onChange: (value: AssessmentStatus | '') => void;
  /** Mounted because someone opened the filter: take focus and show the menu. */
  opening?: boolean;
}) {
  return (
    <Select<Choice>
      inputId={inputId}
      testId="status-filter"
      options={CHOICES}
      value={CHOICES.find((c) => c.value === value) ?? CHOICES[0]}
      onChange={(choice) => onChange(choice?.value ?? '')}
      isSearchable={false}
      menuPlacement="auto"
      autoFocus={opening}
      defaultMenuIsOpen={opening}
    />
  );
}
