/**
 * Brings one question into view below the sticky strip and gives it keyboard focus: the
 * selected radio, else the first enabled answer field, else the question itself (read-only).
 * Returns false when the question is not on the page.
 */
export function focusQuestion(questionId: string): boolean {
  const card = document.querySelector<HTMLElement>(
    `[data-testid=question][data-question-id="${CSS.escape(questionId)}"]`,
  );
  if (!card) return false;
  const field = card.querySelector('.tr-field');
  const target =
    field?.querySelector<HTMLElement>('input[type=radio]:checked:not([disabled])') ??
    // Not a hidden input: the DatePicker keeps its ISO value in one, before its text box.
    field?.querySelector<HTMLElement>(
      'input:not([disabled]):not([type=hidden]), textarea:not([disabled])',
    ) ??
    card;
  card.scrollIntoView({ block: 'start' });
  const strip = document.querySelector('[data-testid=status-strip]');
  if (strip) {
    const gap = 8;
    const covered = strip.getBoundingClientRect().bottom + gap - card.getBoundingClientRect().top;
    if (covered > 0) window.scrollBy(0, -covered);
  }
  target.focus({ preventScroll: true });
  return true;
}
