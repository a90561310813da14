import Textfield from '@atlaskit/textfield';
import { lazy, Suspense, useState } from 'react';
import { calendarDay } from '../lib/format';
import { LoadBoundary } from './load-boundary';
import './date-field.css';

const DatePickerField = lazy(() => import('./date-picker'));

export interface DateFieldProps {
  /** The input's id: a `<label htmlFor>` names the field through it. */
  id: string;
  name?: string;
  /** ISO yyyy-mm-dd, or '' for none. */
  value: string;
  /** ISO yyyy-mm-dd, or '' when cleared. */
  onChange: (iso: string) => void;
  isDisabled?: boolean;
  isInvalid?: boolean;
  /** Where there is no `<label htmlFor>` (a question's value is named by its title). */
  'aria-labelledby'?: string;
  'aria-describedby'?: string;
  /** 'medium' is a Textfield's medium width (the value of a date question). */
  width?: 'medium';
}

/** When the DatePicker's chunk cannot be loaded: the browser's own date input still answers. */
function BrowserDateInput(props: DateFieldProps) {
  return (
    <Textfield
      id={props.id}
      name={props.name}
      type="date"
      value={props.value}
      isDisabled={props.isDisabled}
      isInvalid={props.isInvalid}
      aria-labelledby={props['aria-labelledby']}
      aria-describedby={props['aria-describedby']}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}

/** The browser's locale, as the rest of the page formats dates (`Intl` with no locale). */
function pageLocale(): string {
  return new Intl.DateTimeFormat().resolvedOptions().locale;
}

/** How the DatePicker shows an ISO date (its default: the locale's short numeric date). */
function shown(iso: string, locale: string): string {
  const day = calendarDay(iso);
  return day ? new Intl.DateTimeFormat(locale).format(day) : iso;
}

/**
 * A date field: Atlaskit's DatePicker, as in Jira. Its code (calendar, date-fns, Select) is a
 * chunk of its own, requested the first time a date field renders, so neither the list nor the
 * questionnaire's own chunk carries it. Until it arrives, a read-only Textfield of the same size
 * shows the date as the picker will; if it has focus when the picker mounts, the picker takes it.
 * Values stay ISO (yyyy-mm-dd) both ways.
 */
export function DateField(props: DateFieldProps) {
  const [locale] = useState(pageLocale);
  const [focusedEarly, setFocusedEarly] = useState(false);
  const { id, value, isDisabled, isInvalid, width } = props;
  const standIn = (
    <Textfield
      id={id}
      value={shown(value, locale)}
      placeholder={shown('1993-02-18', locale)}
      isReadOnly
      isDisabled={isDisabled}
      isInvalid={isInvalid}
      aria-labelledby={props['aria-labelledby']}
      aria-describedby={props['aria-describedby']}
      onFocus={() => setFocusedEarly(true)}
      onBlur={() => setFocusedEarly(false)}
    />
  );
  return (
    <div className={width === 'medium' ? 'tr-date-field tr-date-field-medium' : 'tr-date-field'}>
      <LoadBoundary fallback={<BrowserDateInput {...props} />}>
        <Suspense fallback={standIn}>
          <DatePickerField {...props} locale={locale} autoFocus={focusedEarly} />
        </Suspense>
      </LoadBoundary>
    </div>
  );
}
