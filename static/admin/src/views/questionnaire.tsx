import Button from '@atlaskit/button/new';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useAssessment } from '../lib/assessment-context';
import { isAnswered, visibility, type Visibility } from '../lib/answers';
import { useRouter } from '../router';
import { focusQuestion } from '../lib/question-focus';
import { useStickySlot } from '../lib/sticky-slot';
import { assessmentPath, questionPath, SECTIONS, type Section } from '../routes';
import type { Answer, AnswerIssue } from '../../../../src/domain/answers';
import type { QuestionResult } from '../../../../src/domain/scoring/report';
import type { Question } from '../../../../src/domain/rules/schema';
import { Loading } from '../components/states';
import { QuestionCard } from './question-card';
import { ReviewThread } from './review-thread';
import type { Conflict, Resolution } from '../lib/edit-state';

// Short enough that all six tabs fit an admin page's width without truncation.
const TAB_LABEL: Record<Section, string> = {
  profile: 'Profile',
  security: 'Security',
  reliability: 'Reliability',
  compliance: 'Compliance',
  privacy: 'Privacy',
  transparency: 'Transparency',
};

interface SectionModel {
  id: Section;
  title: string;
  summary: string;
  questions: { question: Question; visibility: Visibility }[];
  hidden: Question[];
  answered: number;
}

const PROFILE_SUMMARY =
  'Where the app runs and what data leaves Atlassian. These answers decide which of the other questions apply, so start here.';

const ManifestImport = lazy(() => import('./manifest-import'));

type Filter = 'all' | 'unanswered' | 'failing' | 'commented' | 'changed';

const FILTERS: { id: Filter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'unanswered', label: 'Unanswered' },
  { id: 'failing', label: 'Failing' },
  { id: 'commented', label: 'Commented' },
  { id: 'changed', label: 'Changed since approval' },
];

const FILTER_NOUN: Record<Filter, string> = {
  all: '',
  unanswered: 'unanswered',
  failing: 'failing',
  commented: 'with a review comment',
  changed: 'changed since approval',
};

const COMPACT_KEY = 'trust-readiness:compact';

/** The compact-mode choice, remembered in this browser (blocked storage: not remembered). */
function useCompact(): [boolean, (next: boolean) => void] {
  const [compact, setCompact] = useState(() => {
    try {
      return window.localStorage.getItem(COMPACT_KEY) === 'true';
    } catch {
      return false;
    }
  });
  const choose = useCallback((next: boolean) => {
    setCompact(next);
    try {
      if (next) window.localStorage.setItem(COMPACT_KEY, 'true');
      else window.localStorage.removeItem(COMPACT_KEY);
    } catch {
      // Private mode or full storage: the choice lasts for this visit.
    }
  }, []);
  return [compact, choose];
}

/** Alt+N from anywhere in the questionnaire, also while typing in an answer. */
const NEXT_SHORTCUT = 'Alt+N';

export default function Questionnaire({
  section,
  question,
}: {
  section: Section;
  question?: string;
}) {
  const { ruleSetInfo, answers, detail, pending, issues, readOnly, session, conflicts } =
    useAssessment();
  const { navigate } = useRouter();
  const [compact, setCompact] = useCompact();
  const ruleSet = ruleSetInfo.ruleSet;
  const gateIds = useMemo(
    () => new Set(ruleSet.questions.filter((q) => q.severity === 'gate').map((q) => q.id)),
    [ruleSet],
  );
  const manifestSupplied = detail.report.manifestSupplied;

  const sections = useMemo<SectionModel[]>(() => {
    const build = (id: Section, title: string, summary: string, list: Question[]) => {
      const questions: SectionModel['questions'] = [];
      const hidden: Question[] = [];
      for (const question of list) {
        const v = visibility(question, answers, manifestSupplied);
        if (v === 'hidden') hidden.push(question);
        else questions.push({ question, visibility: v });
      }
      const answered = questions.filter((q) => isAnswered(answers[q.question.id])).length;
      return { id, title, summary, questions, hidden, answered };
    };
    return [
      build(
        'profile',
        'App profile',
        PROFILE_SUMMARY,
        ruleSet.questions.filter((q) => q.severity === 'gate'),
      ),
      ...ruleSet.elements.map((element) =>
        build(
          element.id,
          element.title,
          element.summary ?? '',
          ruleSet.questions.filter((q) => q.element === element.id && q.severity !== 'gate'),
        ),
      ),
    ];
  }, [ruleSet, answers, manifestSupplied]);

  const outcomes = useMemo(
    () => new Map(detail.report.questions.map((q) => [q.id, q])),
    [detail.report.questions],
  );
  const onEdit = useCallback(
    (questionId: string, answer: Answer | null) => session.edit(questionId, answer),
    [session],
  );
  const onResolve = useCallback(
    (questionId: string, choice: Resolution) => session.resolveConflict(questionId, choice),
    [session],
  );
  const onEditTheirs = useCallback(
    (questionId: string) => session.editFromTheirs(questionId),
    [session],
  );
  const comments = detail.review?.comments;
  const commented = useMemo(() => comments ?? {}, [comments]);
  // The revision each answer last changed at, against the approval's: none without an approval.
  const approvedAt = detail.approval?.revision;
  const revisions = detail.answerRevisions;
  const selected = Math.max(0, SECTIONS.indexOf(section));
  const id = detail.assessment.id;

  // Every applicable question in page order: the path "Next unanswered" walks.
  const flat = useMemo(
    () => sections.flatMap((s) => s.questions.map((q) => ({ section: s.id, id: q.question.id }))),
    [sections],
  );
  const totalApplicable = flat.length;
  const answeredApplicable = sections.reduce((sum, s) => sum + s.answered, 0);

  // A deep link whose section is wrong (or missing) goes to the question's own section.
  useEffect(() => {
    if (question === undefined) return;
    const home = flat.find((q) => q.id === question);
    if (home && home.section !== section) {
      navigate(questionPath(id, home.section, question), { replace: true });
    }
  }, [question, section, flat, id, navigate]);

  // Scroll to and focus the linked question: on arrival, after a reload, and on every
  // "Next unanswered" (the tick), once the question's section has rendered.
  const [tick, setTick] = useState(0);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (question === undefined) return;
    focusQuestion(question);
    // Only navigation moves focus (deps: the route and the tick); typing must not.
  }, [question, section, tick]);

  const nextUnanswered = useCallback(() => {
    const focused = document.activeElement?.closest?.('[data-testid=question]');
    const anchorId = focused?.getAttribute('data-question-id') ?? question;
    let start = flat.findIndex((q) => q.id === anchorId);
    if (start < 0) start = flat.findIndex((q) => q.section === section) - 1;
    for (let step = 1; step <= flat.length; step += 1) {
      const candidate = flat[(((start + step) % flat.length) + flat.length) % flat.length];
      if (candidate && !isAnswered(answers[candidate.id])) {
        setNotice('');
        navigate(questionPath(id, candidate.section, candidate.id), { replace: true });
        setTick((n) => n + 1);
        return;
      }
    }
    setNotice('Every applicable question is answered.');
  }, [flat, question, section, answers, id, navigate]);

  const nextRef = useRef(nextUnanswered);
  nextRef.current = nextUnanswered;
  useEffect(() => {
    if (readOnly) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyN') {
        event.preventDefault();
        nextRef.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [readOnly]);

  // A filter keeps what matched when it was chosen: answering an "unanswered" question must
  // not make it vanish under the cursor. Choosing a filter again refreshes the list.
  const matches = useCallback(
    (filter: Filter, questionId: string) =>
      filter === 'unanswered'
        ? !isAnswered(answers[questionId])
        : filter === 'failing'
          ? outcomes.get(questionId)?.outcome === 'fail'
          : filter === 'commented'
            ? commented[questionId] !== undefined
            : filter === 'changed'
              ? approvedAt !== undefined && (revisions[questionId] ?? 0) > approvedAt
              : true,
    [answers, outcomes, commented, approvedAt, revisions],
  );
  const [filter, setFilter] = useState<{ id: Filter; kept: ReadonlySet<string> }>({
    id: 'all',
    kept: new Set(),
  });
  const chooseFilter = (next: Filter) =>
    setFilter({
      id: next,
      kept: new Set(flat.filter((q) => matches(next, q.id)).map((q) => q.id)),
    });
  const counts = useMemo(() => {
    const out: Record<Filter, number> = {
      all: 0,
      unanswered: 0,
      failing: 0,
      commented: 0,
      changed: 0,
    };
    for (const q of flat) for (const f of FILTERS) if (matches(f.id, q.id)) out[f.id] += 1;
    return out;
  }, [flat, matches]);
  const shown = (questionId: string) =>
    filter.id === 'all' ||
    questionId === question ||
    filter.kept.has(questionId) ||
    matches(filter.id, questionId);

  // An empty assessment starts from the manifest: one import answers the profile and more.
  // The offer goes once a requirement is answered by hand, or stays open once the import has
  // begun. Profile answers alone (the create dialog answers the hosting gate) still count as empty.
  const empty =
    !readOnly &&
    !detail.assessment.manifestAttachedAt &&
    Object.keys(answers).every((id) => gateIds.has(id));
  const [importOpen, setImportOpen] = useState(false);
  const [importDismissed, setImportDismissed] = useState(false);
  const showImport = !importDismissed && (importOpen || empty);

  const slot = useStickySlot();
  const share = totalApplicable === 0 ? 1 : answeredApplicable / totalApplicable;
  const progressHeader = (
    <div className="tr-progress-header" data-testid="progress-header">
      <div className="tr-progress-header-bar">
        <div className="tr-progress-label tr-subtle">
          <span>Answered</span>
          <span data-testid="overall-progress">
            {answeredApplicable} of {totalApplicable} applicable
          </span>
        </div>
        <ProgressBar
          value={share}
          ariaLabel={`${answeredApplicable} of ${totalApplicable} applicable questions answered`}
        />
      </div>
      {!readOnly && (
        <Button
          testId="next-unanswered"
          onClick={nextUnanswered}
          aria-keyshortcuts={NEXT_SHORTCUT}
          isDisabled={answeredApplicable === totalApplicable}
        >
          Next unanswered
        </Button>
      )}
      <div className="tr-filters" role="group" aria-label="Show questions">
        {FILTERS.map((f) => (
          <Button
            key={f.id}
            spacing="compact"
            appearance="subtle"
            isSelected={filter.id === f.id}
            aria-pressed={filter.id === f.id}
            testId={`filter-${f.id}`}
            onClick={() => chooseFilter(f.id)}
          >
            {`${f.label} ${counts[f.id]}`}
          </Button>
        ))}
      </div>
      <Button
        spacing="compact"
        appearance="subtle"
        isSelected={compact}
        aria-pressed={compact}
        testId="compact-toggle"
        onClick={() => setCompact(!compact)}
      >
        Compact view
      </Button>
      <span className="tr-subtlest" role="status" data-testid="progress-notice">
        {answeredApplicable === totalApplicable
          ? 'All applicable questions are answered.'
          : notice || (readOnly ? '' : `${NEXT_SHORTCUT} jumps to the next unanswered question.`)}
      </span>
    </div>
  );

  return (
    <div data-testid="questionnaire">
      {slot ? createPortal(progressHeader, slot) : progressHeader}
      {detail.retiredAnswers.length > 0 && (
        <div className="tr-block">
          <SectionMessage appearance="information" title="Answers to retired questions">
            <p>
              {detail.retiredAnswers.join(', ')}: the current rule set no longer asks these. The
              answers are kept but not scored.
            </p>
          </SectionMessage>
        </div>
      )}
      {showImport && (
        <div className="tr-block tr-manifest-offer" data-testid="manifest-offer">
          {importOpen ? (
            <div className="tr-inline-import">
              <Suspense fallback={<Loading label="Loading the manifest import" />}>
                <ManifestImport />
              </Suspense>
              <div className="tr-actions">
                <Button onClick={() => setImportDismissed(true)} testId="close-manifest-import">
                  Done: go to the questions
                </Button>
              </div>
            </div>
          ) : (
            <SectionMessage
              appearance="discovery"
              title="Start from the app's manifest.yml"
              actions={[
                <SectionMessageAction
                  key="import"
                  testId="open-manifest-import"
                  onClick={() => setImportOpen(true)}
                >
                  Import the manifest
                </SectionMessageAction>,
                <SectionMessageAction key="skip" onClick={() => setImportDismissed(true)}>
                  Answer by hand
                </SectionMessageAction>,
              ]}
            >
              <p>
                Paste or upload the Forge manifest and Trust readiness suggests answers from what it
                declares (where the app runs, egress, remotes, storage): often the whole app profile
                and more in one step. You review every suggestion before it is saved.
              </p>
            </SectionMessage>
          )}
        </div>
      )}
      <Tabs
        id="questionnaire-sections"
        selected={selected}
        onChange={(index) => navigate(assessmentPath(id, 'questions', SECTIONS[index]))}
        shouldUnmountTabPanelOnChange
      >
        <TabList>
          {sections.map((s) => (
            <Tab key={s.id} testId={`section-tab-${s.id}`}>
              {`${TAB_LABEL[s.id]} ${s.answered}/${s.questions.length}`}
            </Tab>
          ))}
        </TabList>
        {sections.map((s, index) => (
          <TabPanel key={s.id}>
            {index === selected ? (
              <SectionPanel
                model={s}
                filter={filter.id}
                shown={shown}
                onShowAll={() => chooseFilter('all')}
                outcomes={outcomes}
                pending={pending}
                issues={issues}
                readOnly={readOnly}
                compact={compact}
                conflicts={conflicts}
                commented={commented}
                onEdit={onEdit}
                onResolve={onResolve}
                onEditTheirs={onEditTheirs}
              />
            ) : (
              <span />
            )}
          </TabPanel>
        ))}
      </Tabs>
    </div>
  );
}

function SectionPanel({
  model,
  filter,
  shown,
  onShowAll,
  outcomes,
  pending,
  issues,
  readOnly,
  compact,
  conflicts,
  commented,
  onEdit,
  onResolve,
  onEditTheirs,
}: {
  model: SectionModel;
  filter: Filter;
  shown: (questionId: string) => boolean;
  onShowAll: () => void;
  outcomes: Map<string, QuestionResult>;
  pending: Record<string, Answer | null>;
  issues: Record<string, AnswerIssue[]>;
  readOnly: boolean;
  compact: boolean;
  conflicts: Record<string, Conflict>;
  commented: Record<string, string>;
  onEdit: (questionId: string, answer: Answer | null) => void;
  onResolve: (questionId: string, choice: Resolution) => void;
  onEditTheirs: (questionId: string) => void;
}) {
  const { answers } = useAssessment();
  const total = model.questions.length;
  const share = total === 0 ? 1 : model.answered / total;
  const visible = model.questions.filter((q) => shown(q.question.id));
  return (
    <div
      className="tr-section-panel"
      data-testid={`section-${model.id}`}
      data-compact={compact ? 'true' : undefined}
    >
      <div className="tr-section-intro">
        <h2>{model.title}</h2>
        {model.summary && <p className="tr-subtle">{model.summary}</p>}
        <div className="tr-block">
          <div className="tr-progress-label tr-subtle">
            <span id={`progress-${model.id}`}>{model.title}: answered</span>
            <span data-testid="section-progress">
              {model.answered} of {total}
            </span>
          </div>
          <ProgressBar
            value={share}
            ariaLabel={`${model.title}: ${model.answered} of ${total} answered`}
          />
        </div>
      </div>
      {filter !== 'all' && (
        <div className="tr-block tr-filter-note" data-testid="filter-note">
          <span>
            {visible.length === 0
              ? `No question in this section is ${FILTER_NOUN[filter]}.`
              : `Showing ${visible.length} of ${total} questions here: ${FILTER_NOUN[filter]}.`}
          </span>
          <Button spacing="compact" appearance="subtle" onClick={onShowAll}>
            Show all questions
          </Button>
        </div>
      )}
      {visible.map(({ question, visibility: v }) => (
        <QuestionCard
          key={question.id}
          question={question}
          answer={answers[question.id]}
          outcome={outcomes.get(question.id)}
          unsaved={question.id in pending}
          conflict={conflicts[question.id]}
          onResolve={onResolve}
          onEditTheirs={onEditTheirs}
          thread={
            commented[question.id] !== undefined ? (
              <ReviewThread questionId={question.id} />
            ) : undefined
          }
          issues={issues[question.id]}
          disabled={readOnly}
          compact={compact}
          visibility={v}
          onEdit={onEdit}
        />
      ))}
      {model.hidden.length > 0 && (
        <details className="tr-details tr-block" data-testid="hidden-questions">
          <summary>
            {model.hidden.length} question{model.hidden.length === 1 ? ' does' : 's do'} not apply
            with the current answers
          </summary>
          <div>
            <ul className="tr-list">
              {model.hidden.map((q) => (
                <li key={q.id}>
                  <strong>{q.id}</strong> {q.title}
                  {q.whenText && <div className="tr-subtlest">{q.whenText}.</div>}
                </li>
              ))}
            </ul>
          </div>
        </details>
      )}
    </div>
  );
}
