import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { showHostFlag, type HostFlag } from '../host';
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
    // the page's own banner can be far above where the user is typing.
    let flag: HostFlag | null = null;
    const unsubscribe = session.subscribe(() => {
      const { save, pending, detail } = session.getSnapshot();
      const conflict = save.kind === 'conflict';
      if (conflict && !flag) {
        // Without local edits (a delete refused as stale) there is nothing of the user's at stake.
        const edits = Object.keys(pending).length > 0;
        flag = showHostFlag({
          id: `trust-readiness-conflict-${detail.assessment.id}`,
          title: edits ? 'Your edits are not saved yet' : 'Someone else changed this assessment',
          description: edits
            ? 'Someone else saved this assessment. Your edits are kept; choose "Reload theirs and reapply mine" on the page.'
            : 'Choose "Reload the assessment" on the page to see their version.',
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
    const online = () => {
      if (session.getSnapshot().save.kind === 'offline') session.retry();
    };
    // The browser's own "leave page?" prompt, only while something is genuinely unsaved.
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (Object.keys(session.getSnapshot().pending).length > 0) event.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
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
