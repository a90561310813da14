import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useCallback, useMemo } from 'react';
import { useAssessment } from '../lib/assessment-context';
import { isAnswered, visibility, type Visibility } from '../lib/answers';
import { useRouter } from '../router';
import { assessmentPath, SECTIONS, type Section } from '../routes';
import type { Answer, AnswerIssue } from '../../../../src/domain/answers';
import type { QuestionResult } from '../../../../src/domain/scoring/report';
import type { Question } from '../../../../src/domain/rules/schema';
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

export default function Questionnaire({ section }: { section: Section }) {
  const { ruleSetInfo, answers, detail, pending, issues, readOnly, session, conflicts } =
    useAssessment();
  const { navigate } = useRouter();
  const ruleSet = ruleSetInfo.ruleSet;
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
  const commented = detail.review?.comments ?? {};
  const selected = Math.max(0, SECTIONS.indexOf(section));
  const id = detail.assessment.id;

  return (
    <div data-testid="questionnaire">
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
                outcomes={outcomes}
                pending={pending}
                issues={issues}
                readOnly={readOnly}
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
  outcomes,
  pending,
  issues,
  readOnly,
  conflicts,
  commented,
  onEdit,
  onResolve,
  onEditTheirs,
}: {
  model: SectionModel;
  outcomes: Map<string, QuestionResult>;
  pending: Record<string, Answer | null>;
  issues: Record<string, AnswerIssue[]>;
  readOnly: boolean;
  conflicts: Record<string, Conflict>;
  commented: Record<string, string>;
  onEdit: (questionId: string, answer: Answer | null) => void;
  onResolve: (questionId: string, choice: Resolution) => void;
  onEditTheirs: (questionId: string) => void;
}) {
  const { answers } = useAssessment();
  const total = model.questions.length;
  const share = total === 0 ? 1 : model.answered / total;
  return (
    <div className="tr-section-panel" data-testid={`section-${model.id}`}>
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
      {model.questions.map(({ question, visibility: v }) => (
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
