/**
 * The page's URL space. Paths are relative to wherever the host mounts the app, so the same
 * routes work inside Jira (history from view.createHistory) and on the local server.
 */

export const SECTIONS = [
  'profile',
  'security',
  'reliability',
  'compliance',
  'privacy',
  'transparency',
] as const;
export type Section = (typeof SECTIONS)[number];

export const ASSESSMENT_VIEWS = [
  'questions',
  'results',
  'manifest',
  'import',
  'history',
  'review',
  'export',
  'print',
] as const;
export type AssessmentView = (typeof ASSESSMENT_VIEWS)[number];

export type Route =
  | { name: 'list' }
  | { name: 'settings' }
  | {
      name: 'assessment';
      id: string;
      view: AssessmentView;
      section: Section;
      /** A deep link to one question: `/assessments/:id/questions/:section/:questionId`. */
      question?: string;
    }
  | { name: 'not-found'; path: string };

function isSection(value: string | undefined): value is Section {
  return (SECTIONS as readonly string[]).includes(value ?? '');
}

function isView(value: string | undefined): value is AssessmentView {
  return (ASSESSMENT_VIEWS as readonly string[]).includes(value ?? '');
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { name: 'list' };
  if (parts.length === 1 && parts[0] === 'settings') return { name: 'settings' };
  const [head, rawId, rawView, rawSection, rawQuestion] = parts;
  if (head !== 'assessments' || rawId === undefined || parts.length > 5) {
    return { name: 'not-found', path: pathname };
  }
  const id = decodeURIComponent(rawId);
  if (rawView === undefined)
    return { name: 'assessment', id, view: 'questions', section: 'profile' };
  if (!isView(rawView)) return { name: 'not-found', path: pathname };
  if (rawSection !== undefined && (rawView !== 'questions' || !isSection(rawSection))) {
    return { name: 'not-found', path: pathname };
  }
  const section = rawSection ?? 'profile';
  if (rawQuestion !== undefined) {
    const question = decodeURIComponent(rawQuestion);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(question)) return { name: 'not-found', path: pathname };
    return { name: 'assessment', id, view: rawView, section, question };
  }
  return { name: 'assessment', id, view: rawView, section };
}

export function pathFor(route: Route): string {
  switch (route.name) {
    case 'list':
      return '/';
    case 'settings':
      return '/settings';
    case 'not-found':
      return route.path;
    case 'assessment': {
      const base = `/assessments/${encodeURIComponent(route.id)}/${route.view}`;
      if (route.view === 'questions' && route.question !== undefined) {
        return `${base}/${route.section}/${encodeURIComponent(route.question)}`;
      }
      return route.view === 'questions' && route.section !== 'profile'
        ? `${base}/${route.section}`
        : base;
    }
  }
}

export function assessmentPath(id: string, view: AssessmentView = 'questions', section?: Section) {
  return pathFor({ name: 'assessment', id, view, section: section ?? 'profile' });
}

/** The questionnaire at one question: it scrolls there and takes focus, also after a reload. */
export function questionPath(id: string, section: Section, questionId: string) {
  return pathFor({ name: 'assessment', id, view: 'questions', section, question: questionId });
}
