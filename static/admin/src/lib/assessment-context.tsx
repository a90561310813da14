import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { showHostFlag, type HostFlag } from '../host';
import { FLUSH_EVENT } from './flush';
import type { RuleSetInfo } from '../../../../src/shared/api';
import type { AssessmentSession, SessionSnapshot } from './session';

interface AssessmentContextValue {
  session: AssessmentSession;
  ruleSetInfo: RuleSetInfo;
}

const AssessmentContext = createContext<AssessmentContextValue | null>(null);

export function AssessmentProvider({
  session,
  ruleSetInfo,
  children,
}: AssessmentContextValue & { children: ReactNode }) {
  useEffect(() => {
    // A conflict also raises a Jira flag: inside Jira the iframe grows with its content, so
    // the page's own notice can be far above where the user is typing.
    let flag: HostFlag | null = null;
    const unsubscribe = session.subscribe(() => {
      const { save, conflicts, detail } = session.getSnapshot();
      const conflict = save.kind === 'conflict';
      if (conflict && !flag) {
        const ids = Object.keys(conflicts).join(', ');
        flag = showHostFlag({
          id: `trust-readiness-conflict-${detail.assessment.id}`,
          title: 'Your edits are not saved yet',
          description: `Someone else changed ${ids} too. Both versions are kept: choose which to keep beside the question.`,
          type: 'warning',
        });
      } else if (!conflict && flag) {
        flag.close();
        flag = null;
      }
    });
    return () => {
      unsubscribe();
      flag?.close();
    };
  }, [session]);

  useEffect(() => {
    // Nothing typed is lost: every way of leaving or pausing sends pending edits at once.
    const flush = () => void session.flushNow();
    const retry = () => {
      const kind = session.getSnapshot().save.kind;
      if (kind === 'offline' || kind === 'unavailable' || kind === 'error') session.retry();
    };
    const visibility = () => {
      if (document.visibilityState === 'hidden') flush();
      else retry();
    };
    const focusOut = (event: FocusEvent) => {
      const target = event.target as Element | null;
      if (target?.closest?.('[data-testid=question]')) flush();
    };
    // The browser's own "leave page?" prompt, only while something is genuinely unsaved.
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (Object.keys(session.getSnapshot().pending).length > 0) {
        flush();
        event.preventDefault();
      }
    };
    window.addEventListener('online', retry);
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener(FLUSH_EVENT, flush);
    document.addEventListener('visibilitychange', visibility);
    document.addEventListener('focusout', focusOut);
    return () => {
      window.removeEventListener('online', retry);
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener(FLUSH_EVENT, flush);
      document.removeEventListener('visibilitychange', visibility);
      document.removeEventListener('focusout', focusOut);
    };
  }, [session]);
  return (
    <AssessmentContext.Provider value={{ session, ruleSetInfo }}>
      {children}
    </AssessmentContext.Provider>
  );
}

export function useAssessment(): SessionSnapshot & AssessmentContextValue {
  const value = useContext(AssessmentContext);
  if (!value) throw new Error('useAssessment outside AssessmentProvider');
  const snapshot = useSyncExternalStore(value.session.subscribe, value.session.getSnapshot);
  return { ...snapshot, ...value };
}
