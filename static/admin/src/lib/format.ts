import type { AssessmentStatus } from '../../../../src/shared/api';
import type { Outcome } from '../../../../src/domain/scoring/report';
import type { LevelCapReason, ReadinessLevel } from '../../../../src/domain/scoring/policy';
import type { Severity } from '../../../../src/domain/rules/schema';

export type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

export const STATUS_LABEL: Record<AssessmentStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  approved: 'Approved',
  'changes-requested': 'Changes requested',
};

export const STATUS_APPEARANCE: Record<AssessmentStatus, LozengeAppearance> = {
  draft: 'default',
  submitted: 'inprogress',
  approved: 'success',
  'changes-requested': 'moved',
};

export const LEVEL_LABEL: Record<ReadinessLevel, string> = {
  'not-ready': 'Not ready',
  'needs-work': 'Needs work',
  ready: 'Ready',
  exemplary: 'Exemplary',
};

export const LEVEL_APPEARANCE: Record<ReadinessLevel, LozengeAppearance> = {
  'not-ready': 'removed',
  'needs-work': 'moved',
  ready: 'success',
  exemplary: 'new',
};

export const OUTCOME_LABEL: Record<Outcome, string> = {
  pass: 'Pass',
  partial: 'Partial',
  fail: 'Fail',
  unanswered: 'Unanswered',
  'not-applicable': 'Not applicable',
};

export const OUTCOME_APPEARANCE: Record<Outcome, LozengeAppearance> = {
  pass: 'success',
  partial: 'moved',
  fail: 'removed',
  unanswered: 'default',
  'not-applicable': 'default',
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  blocker: 'Blocker',
  major: 'Major',
  minor: 'Minor',
  gate: 'Profile',
};

export const SEVERITY_APPEARANCE: Record<Severity, LozengeAppearance> = {
  blocker: 'removed',
  major: 'moved',
  minor: 'default',
  gate: 'new',
};

/** Why a level was capped, in words a partner can act on. */
export const CAP_EXPLANATION: Record<LevelCapReason, string> = {
  failedBlocker: 'A blocker fails, so the level stays at "Not ready" whatever the score.',
  unansweredBlocker: 'A blocker is still unanswered, so the level cannot rise above "Needs work".',
  failedMajor: 'A major requirement fails, so the level cannot rise above "Ready".',
  incomplete: 'Not every applicable question is answered, so the level cannot rise above "Ready".',
};

export const HOSTING_LABEL = {
  forge: 'Forge',
  'forge-remote': 'Forge Remote',
  connect: 'Connect',
} as const;

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day (`yyyy-mm-dd`, as evidence expiries and date answers are) as local midnight, or
 * null for anything else. `new Date('2026-11-20')` is midnight UTC, which west of UTC is the
 * 19th: the day a DatePicker shows and the day the text says would differ.
 */
export function calendarDay(iso: string): Date | null {
  const day = CALENDAR_DAY.exec(iso);
  return day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : null;
}

/** A timestamp, or a calendar day read as a local date (see calendarDay). */
export function formatDate(iso: string): string {
  const date = calendarDay(iso) ?? new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

export function formatScore(score: number | null): string {
  return score === null ? '—' : score.toFixed(1).replace(/\.0$/, '');
}

/** Validation messages come lower-case from zod; shown alone they read better capitalised. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { timeStyle: 'medium' });
}
