import { createContext, useContext } from 'react';

/**
 * A place inside the assessment page's sticky strip where a view can portal a header of its
 * own (the questionnaire's progress and "Next unanswered"), so one sticky block stays in view
 * instead of two that would have to know each other's height.
 */
export const StickySlotContext = createContext<HTMLElement | null>(null);

export function useStickySlot(): HTMLElement | null {
  return useContext(StickySlotContext);
}
