import Button from '@atlaskit/button/new';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { LoadBoundary } from '../components/load-boundary';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ClientError } from '../api';
import { LevelLozenge, Lozenge, StatusLozenge } from '../components/lozenges';
import { SaveIndicator } from '../components/save-indicator';
import { ErrorState, InPageProvider, Loading } from '../components/states';
import { Breadcrumbs, PageHeader, PageHeaderSkeleton } from '../components/page-header';
import { AssessmentSkeleton } from '../components/skeleton';
import { setWindowTitle, showHostFlag } from '../host';
import { StickySlotContext } from '../lib/sticky-slot';
import { focusHeadingOnArrival } from '../lib/arrival';
import { AssessmentProvider, useAssessment } from '../lib/assessment-context';
import { formatDateTime, formatScore } from '../lib/format';
import { PersonName } from '../components/person';
import { loadRuleSet, preloadRuleSet } from '../lib/rule-set';
import { AssessmentSession } from '../lib/session';
import { useLoad } from '../lib/use-load';
import { Link, useRouter } from '../router';
import { assessmentPath, type AssessmentView, type Section } from '../routes';
import type { AssessmentDetail, RuleSetInfo } from '../../../../src/shared/api';
import { DeleteAssessmentDialog } from './delete-assessment-dialog';
import { SubmitAssessmentDialog, type OpenQuestion } from './submit-dialog';
import { UpgradeBanner } from './upgrade-banner';

const Questionnaire = lazy(() => import('./questionnaire'));
const Results = lazy(() => import('./results'));
const ManifestImport = lazy(() => import('./manifest-import'));
const ImportAnswers = lazy(() => import('./import-answers'));
const History = lazy(() => import('./history'));
const Review = lazy(() => import('./review'));
const Export = lazy(() => import('./export'));
const PrintReport = lazy(() => import('./print-report'));

const NAV: { view: AssessmentView; label: string }[] = [
  { view: 'questions', label: 'Questionnaire' },
  { view: 'results', label: 'Results' },
  { view: 'manifest', label: 'Manifest import' },
  { view: 'import', label: 'Import answers' },
  { view: 'history', label: 'History' },
  { view: 'review', label: 'Review' },
  { view: 'export', label: 'Export' },
];

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export default function AssessmentPage(props: {
  id: string;
  view: AssessmentView;
  section: Section;
  question?: string;
}) {
  return (
    <InPageProvider value>
      <AssessmentFrame {...props} />
    </InPageProvider>
  );
}

function AssessmentFrame({
  id,
  view,
  section,
  question,
}: {
  id: string;
  view: AssessmentView;
  section: Section;
  question?: string;
}) {
  const [loaded, retry] = useLoad<{
    detail: AssessmentDetail;
    ruleSetInfo: RuleSetInfo;
  }>(async () => {
    // The current rule set's chunk loads alongside the assessment: almost every assessment is on it.
    preloadRuleSet();
    const detail = await api.getAssessment({ id });
    if (!detail.ok) return detail;
    const ruleSet = await loadRuleSet(detail.data.assessment.ruleSetVersion);
    if (!ruleSet.ok) return ruleSet;
    return { ok: true, data: { detail: detail.data, ruleSetInfo: ruleSet.data } };
  }, [id]);

  const session = useMemo(
    () =>
      loaded.status === 'ready'
        ? new AssessmentSession(loaded.data.detail, {
            api,
            ruleSet: loaded.data.ruleSetInfo.ruleSet,
            storage: browserStorage(),
          })
        : null,
    [loaded],
  );
  useEffect(() => () => session?.dispose(), [session]);

  if (loaded.status === 'loading') {
    return (
      <main className="tr-page" data-testid="assessment-loading">
        <PageHeaderSkeleton parent={{ label: 'Trust readiness', to: '/' }} />
        <AssessmentSkeleton label="Loading the assessment" />
      </main>
    );
  }
  if (loaded.status === 'error' || !session) {
    return (
      <main className="tr-page">
        <Breadcrumbs items={[{ label: 'Trust readiness', to: '/' }, { label: 'Assessment' }]} />
        {loaded.status === 'error' && (
          <ErrorState
            error={loaded.error}
            onRetry={loaded.error.code === 'NOT_FOUND' ? undefined : retry}
            title={loaded.error.code === 'NOT_FOUND' ? 'This assessment does not exist' : undefined}
          />
        )}
      </main>
    );
  }
  return (
    <AssessmentProvider session={session} ruleSetInfo={loaded.data.ruleSetInfo}>
      {view !== 'print' && <UpgradeBanner onUpgraded={retry} />}
      <Shell view={view} section={section} question={question} />
    </AssessmentProvider>
  );
}

function Shell({
  view,
  section,
  question,
}: {
  view: AssessmentView;
  section: Section;
  question?: string;
}) {
  const { detail, session, readOnly, pending, ruleSetInfo } = useAssessment();
  const { assessment, report } = detail;
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ClientError | null>(null);
  const label = NAV.find((n) => n.view === view)?.label ?? 'Report';

  useEffect(() => {
    setWindowTitle(`${assessment.appName} · ${label} · Trust readiness`);
  }, [assessment.appName, label]);

  const run = async (
    action: () => Promise<{ ok: true; data: AssessmentDetail } | { ok: false; error: ClientError }>,
  ) => {
    setBusy(true);
    setActionError(null);
    const result = await action();
    setBusy(false);
    if (result.ok) session.replaceDetail(result.data);
    else setActionError(result.error);
  };

  const submit = () =>
    run(async () => {
      const saved = await session.flushNow();
      if (!saved) {
        return {
          ok: false,
          error: {
            code: 'VALIDATION',
            message: 'Some edits are not saved yet. Fix or save them before submitting.',
          },
        };
      }
      return api.submitAssessment({
        id: assessment.id,
        expectedRevision: session.getSnapshot().detail.assessment.revision,
      });
    });

  // Submit first saves, then warns (a confirmation, not a block) about what is still
  // unanswered or failing in the saved report, with a link to each.
  const [openQuestions, setOpenQuestions] = useState<{
    unanswered: OpenQuestion[];
    failing: OpenQuestion[];
    percent: number;
    empty: boolean;
  } | null>(null);
  const requestSubmit = async () => {
    setBusy(true);
    setActionError(null);
    const saved = await session.flushNow();
    setBusy(false);
    if (!saved) {
      setActionError({
        code: 'VALIDATION',
        message: 'Some edits are not saved yet. Fix or save them before submitting.',
      });
      return;
    }
    const current = session.getSnapshot().detail.report;
    const byId = new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q]));
    const pick = (outcome: string) =>
      current.questions
        .filter((q) => q.outcome === outcome)
        .map((q) => {
          const question = byId.get(q.id);
          const home: Section =
            !question || question.severity === 'gate' ? 'profile' : question.element;
          return { id: q.id, title: question?.title ?? q.id, section: home };
        });
    const unanswered = pick('unanswered');
    const failing = pick('fail');
    if (unanswered.length === 0 && failing.length === 0) {
      void submit();
      return;
    }
    // The create dialog answers the hosting gate, so "empty" means no requirement is answered.
    const empty = Object.keys(session.getSnapshot().detail.answers).every(
      (id) => byId.get(id)?.severity === 'gate',
    );
    setOpenQuestions({ unanswered, failing, percent: current.completeness.percent, empty });
  };

  const reopen = () =>
    run(() => api.reopenAssessment({ id: assessment.id, expectedRevision: assessment.revision }));

  const { navigate } = useRouter();
  const [stickySlot, setStickySlot] = useState<HTMLDivElement | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<ClientError | null>(null);

  const openDelete = () => {
    setDeleteError(null);
    setConfirmingDelete(true);
  };
  // Cancel and Escape only close an idle dialog. The browser may still force a dialog shut
  // (a repeated Escape); an error that arrives after that is then shown on the page instead.
  const closeDelete = () => {
    setConfirmingDelete(false);
    if (!deleting) setDeleteError(null);
  };
  const remove = async () => {
    setDeleting(true);
    setDeleteError(null);
    const result = await session.delete();
    setDeleting(false);
    if (!result.ok) {
      // A CONFLICT also puts the page into its conflict state (see session.delete).
      setDeleteError(result.error);
      return;
    }
    showHostFlag({
      id: `trust-readiness-deleted-${assessment.id}`,
      title: 'Assessment deleted',
      description: `The ${assessment.appName} assessment was deleted. Its audit trail is kept.`,
      type: 'success',
      autoDismiss: true,
    });
    focusHeadingOnArrival();
    navigate('/');
  };

  if (view === 'print') {
    return (
      <Suspense fallback={<Loading label="Preparing the report" />}>
        <PrintReport />
      </Suspense>
    );
  }

  const unsavedCount = Object.keys(pending).length;
  return (
    <main className="tr-page">
      <PageHeader
        breadcrumbs={[{ label: 'Trust readiness', to: '/' }, { label: assessment.appName }]}
        title={assessment.appName}
        titleTestId="assessment-title"
        actionsClassName="tr-no-print"
        actions={
          <>
            <Button
              appearance="subtle"
              testId="delete-assessment"
              onClick={openDelete}
              isDisabled={busy || deleting}
            >
              Delete
            </Button>
            {readOnly ? (
              <Button onClick={() => void reopen()} isLoading={busy}>
                Reopen
              </Button>
            ) : (
              <Button appearance="primary" onClick={() => void requestSubmit()} isLoading={busy}>
                Submit for review
              </Button>
            )}
          </>
        }
      />
      {/* Sticky, so the save state and a conflict stay in view wherever the user is typing. */}
      <div className="tr-sticky" data-testid="status-strip">
        <div className="tr-headline">
          <StatusLozenge status={assessment.status} />
          <LevelLozenge level={report.overall.level} />
          <span>
            Score <strong data-testid="overall-score">{formatScore(report.overall.score)}</strong> /
            100
          </span>
          <span className="tr-subtle">{Math.round(report.completeness.percent)}% complete</span>
          {detail.approval?.stale && (
            <Lozenge appearance="moved" testId="approval-stale-lozenge">
              Changed since approval
            </Lozenge>
          )}
          <SaveIndicator />
        </div>
        <nav aria-label="Assessment">
          <ul className="tr-nav">
            {NAV.map((item) => (
              <li key={item.view}>
                <Link
                  to={assessmentPath(assessment.id, item.view)}
                  aria-current={item.view === view ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div ref={setStickySlot} className="tr-sticky-slot" />
        <ConflictBanner />
        <MergeNotice />
      </div>

      {actionError && (
        <ErrorState
          error={actionError}
          title="That did not work"
          titles={new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q.title]))}
        />
      )}
      {deleteError && !confirmingDelete && (
        <ErrorState error={deleteError} title="The assessment was not deleted" />
      )}
      <Banners unsavedCount={unsavedCount} />

      <div className="tr-view">
        {/* Keyed by view: a tab whose code did not arrive leaves the others usable. */}
        <LoadBoundary key={view} what={label}>
          <Suspense fallback={<Loading label={`Loading ${label.toLowerCase()}`} />}>
            {view === 'questions' && (
              <StickySlotContext.Provider value={stickySlot}>
                <Questionnaire section={section} question={question} />
              </StickySlotContext.Provider>
            )}
            {view === 'results' && <Results />}
            {view === 'manifest' && <ManifestImport />}
            {view === 'import' && <ImportAnswers />}
            {view === 'history' && <History />}
            {view === 'review' && <Review />}
            {view === 'export' && <Export />}
          </Suspense>
        </LoadBoundary>
      </div>

      {openQuestions && (
        <SubmitAssessmentDialog
          assessmentId={assessment.id}
          unanswered={openQuestions.unanswered}
          failing={openQuestions.failing}
          percent={openQuestions.percent}
          empty={openQuestions.empty}
          busy={busy}
          onConfirm={() =>
            void submit().then(() => {
              setOpenQuestions(null);
            })
          }
          onClose={() => setOpenQuestions(null)}
        />
      )}
      {confirmingDelete && (
        <DeleteAssessmentDialog
          appName={assessment.appName}
          unsavedCount={unsavedCount}
          busy={deleting}
          error={deleteError}
          onConfirm={() => void remove()}
          onClose={closeDelete}
        />
      )}
    </main>
  );
}

function ConflictBanner() {
  const { conflicts, ruleSetInfo } = useAssessment();
  const list = Object.values(conflicts);
  if (list.length === 0) return null;
  const titles = new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q.title]));
  return (
    <div className="tr-block" data-testid="conflict-banner" role="alert">
      <SectionMessage
        appearance="warning"
        title={`Someone else changed ${list.length === 1 ? 'a question' : `${list.length} questions`} you are editing`}
      >
        <ul className="tr-list">
          {list.map((c) => (
            <li key={c.questionId}>
              <strong>{c.questionId}</strong> {titles.get(c.questionId) ?? ''}: changed by{' '}
              <PersonName accountId={c.by} />
              {c.at ? ` on ${formatDateTime(c.at)}` : ''}
            </li>
          ))}
        </ul>
        <p>
          Both versions are kept, theirs and yours, beside each question: keep theirs, keep yours,
          or edit yours and keep it. Everything else you typed is saved as usual.
        </p>
      </SectionMessage>
    </div>
  );
}

/** What others changed that merged in silently: "Bob Reviewer changed S7". */
function MergeNotice() {
  const { arrivals, session } = useAssessment();
  if (arrivals.length === 0) return null;
  return (
    <div className="tr-block tr-merge-notice" data-testid="merge-notice" role="status">
      <SectionMessage
        appearance="information"
        title="Changes from others arrived"
        actions={[
          <SectionMessageAction key="dismiss" onClick={() => session.dismissArrivals()}>
            Dismiss
          </SectionMessageAction>,
        ]}
      >
        <ul className="tr-list">
          {arrivals.map((a) => (
            <li key={a.questionId} data-testid="arrival" data-question-id={a.questionId}>
              <PersonName accountId={a.by} /> changed <strong>{a.questionId}</strong>
              {a.at ? ` on ${formatDateTime(a.at)}` : ''}
            </li>
          ))}
        </ul>
      </SectionMessage>
    </div>
  );
}

function Banners({ unsavedCount }: { unsavedCount: number }) {
  const { detail, readOnly } = useAssessment();
  const status = detail.assessment.status;
  const messages: ReactNode[] = [];

  if (readOnly) {
    messages.push(
      <div className="tr-block" key="readonly">
        <SectionMessage
          appearance={status === 'approved' ? 'success' : 'information'}
          title={status === 'approved' ? 'Approved: read-only' : 'Submitted: read-only'}
        >
          <p>
            {status === 'approved'
              ? 'An administrator approved this assessment. Reopen it to change answers; it then needs a new review.'
              : 'Submitted is not approved: an administrator still has to review it. Reopen it to change answers.'}
          </p>
          {unsavedCount > 0 && (
            <p>
              This browser still holds {unsavedCount} unsaved edit{unsavedCount === 1 ? '' : 's'};
              they are applied when you reopen.
            </p>
          )}
        </SectionMessage>
      </div>,
    );
  }
  const approval = detail.approval;
  if (approval && (status === 'approved' || approval.stale)) {
    messages.push(
      <div className="tr-block" key="approval" data-testid="approval">
        <SectionMessage
          appearance={approval.stale ? 'warning' : 'success'}
          title={approval.stale ? 'Changed since approval' : 'What was approved'}
        >
          <p>
            <PersonName accountId={approval.reviewer} /> approved revision {approval.revision} on{' '}
            {formatDateTime(approval.at)}: score <strong>{formatScore(approval.score)}</strong> on
            rule set <strong>{approval.ruleSetVersion}</strong> (review round {approval.round}).
          </p>
          {approval.stale && (
            <p data-testid="approval-stale">
              The answers have changed since then, so that approval no longer describes them. Submit
              again for a new review.
            </p>
          )}
        </SectionMessage>
      </div>,
    );
  }
  if (status === 'changes-requested' && detail.review) {
    messages.push(
      <div className="tr-block" key="changes">
        <SectionMessage appearance="warning" title="Changes requested">
          <p>{detail.review.summary || 'The reviewer asked for changes; see the Review tab.'}</p>
        </SectionMessage>
      </div>,
    );
  }
  return <>{messages}</>;
}
