import DatePicker from '@atlaskit/datetime-picker/date-picker';
import type { DateFieldProps } from './date-field';

/**
 * Atlaskit's DatePicker (with its calendar, date-fns and the Select it is built on) in its own
 * chunk: `./date-field` loads it when a date field is first shown.
 */
export default function DatePickerField({
  id,
  name,
  value,
  onChange,
  isDisabled = false,
  isInvalid = false,
  locale,
  autoFocus = false,
  'aria-labelledby': labelledBy,
  'aria-describedby': describedBy,
}: DateFieldProps & { locale: string; autoFocus?: boolean }) {
  return (
    <DatePicker
      id={id}
      name={name}
      testId={id}
      value={value}
      onChange={onChange}
      isDisabled={isDisabled}
      isInvalid={isInvalid}
      locale={locale}
      autoFocus={autoFocus}
      aria-describedby={describedBy}
      selectProps={labelledBy ? { 'aria-labelledby': labelledBy } : undefined}
    />
  );
}
