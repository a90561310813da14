/**
 * A one-shot hand-over between views. A view that removes itself (after a delete) asks the
 * next one to take focus, which otherwise falls to <body> when the focused control goes away;
 * the next view then focuses its heading, so keyboard and screen-reader users know where they
 * landed.
 */

let focusHeading = false;

export function focusHeadingOnArrival(): void {
  focusHeading = true;
}

/** True once after focusHeadingOnArrival(). */
export function takeHeadingFocus(): boolean {
  const take = focusHeading;
  focusHeading = false;
  return take;
}
