import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
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
