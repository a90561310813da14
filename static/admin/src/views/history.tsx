import Button from '@atlaskit/button/new';
import { api } from '../api';
import { TrendChart } from '../components/charts';
import { LevelLozenge, StatusLozenge } from '../components/lozenges';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAssessment } from '../lib/assessment-context';
import { formatDateTime, formatScore, LEVEL_LABEL } from '../lib/format';
import { usePages } from '../lib/use-pages';
import { DEFAULT_POLICY } from '../../../../src/domain/scoring/policy';

export default function History() {
  const { detail, ruleSetInfo } = useAssessment();
  const id = detail.assessment.id;
  const revision = detail.assessment.revision;
  // Reloads when the revision moves, so a save made on another tab shows up here too.
  const [pages, reload, more] = usePages(
    (cursor) => api.getHistory({ id, limit: 50, ...(cursor ? { cursor } : {}) }),
    [id, revision],
  );
  const elements = ruleSetInfo.ruleSet.elements;

  if (pages.status === 'loading') return <Loading label="Loading the score history" />;
  if (pages.status === 'error' && pages.error)
    return <ErrorState error={pages.error} onRetry={reload} />;
  if (pages.items.length === 0) {
    return (
      <Empty
        header="No history yet"
        description="A point is recorded each time a save changes the score, the level or the status."
      />
    );
  }
  const chronological = [...pages.items].sort((a, b) => a.revision - b.revision);
  const thresholds = (['needs-work', 'ready', 'exemplary'] as const).map((level) => ({
    label: LEVEL_LABEL[level],
    value: DEFAULT_POLICY.thresholds[level],
  }));

  return (
    <div data-testid="history">
      <h2>Score over time</h2>
      <p className="tr-subtle">
        Dashed lines mark the score each readiness level needs; blockers can still hold a level
        back.
      </p>
      <TrendChart points={chronological} thresholds={thresholds} />
      <div className="tr-table-wrap tr-section">
        <table className="tr-table" data-testid="history-table">
          <caption>Recorded points, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col" className="tr-num">
                Revision
              </th>
              <th scope="col" className="tr-num">
                Score
              </th>
              <th scope="col">Level</th>
              <th scope="col">Status</th>
              {elements.map((e) => (
                <th scope="col" className="tr-num" key={e.id}>
                  {e.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pages.items.map((p) => (
              <tr key={p.revision}>
                <td>{formatDateTime(p.at)}</td>
                <td className="tr-num">{p.revision}</td>
                <td className="tr-num">{formatScore(p.score)}</td>
                <td>
                  <LevelLozenge level={p.level} />
                </td>
                <td>
                  <StatusLozenge status={p.status} />
                </td>
                {elements.map((e) => (
                  <td className="tr-num" key={e.id}>
                    {formatScore(p.elements[e.id] ?? null)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages.cursor !== null && (
        <div className="tr-load-more">
          <Button onClick={more} isLoading={pages.status === 'loading-more'}>
            Load older points
          </Button>
        </div>
      )}
    </div>
  );
}
