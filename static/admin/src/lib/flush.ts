/** Dispatched on window (e.g. when a dialog closes) to send pending edits right away. */
export const FLUSH_EVENT = 'trust-readiness:flush';

export function requestFlush(): void {
  window.dispatchEvent(new Event(FLUSH_EVENT));
}
