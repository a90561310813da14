import { formatDate, formatScore } from '../lib/format';

export interface Bar {
  label: string;
  value: number | null;
}

/**
 * Horizontal bars with the value printed beside each, so the chart reads without colour and
 * the same numbers reach screen readers through the figure's text.
 */
export function ScoreBars({ bars, title }: { bars: Bar[]; title: string }) {
  const rowHeight = 36;
  const labelWidth = 190;
  const barWidth = 420;
  const width = labelWidth + barWidth + 70;
  const height = bars.length * rowHeight + 24;
  const scale = (v: number) => (Math.max(0, Math.min(100, v)) / 100) * barWidth;
  return (
    <figure className="tr-block" style={{ margin: 0 }}>
      <svg
        className="tr-chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.value === null ? 'not applicable' : formatScore(b.value)}`).join(', ')}`}
        data-testid="element-chart"
      >
        {[0, 50, 75, 90, 100].map((tick) => (
          <g key={tick}>
            <line
              className="tr-grid-line"
              x1={labelWidth + scale(tick)}
              x2={labelWidth + scale(tick)}
              y1={0}
              y2={height - 20}
            />
            <text
              className="tr-chart-subtle"
              x={labelWidth + scale(tick)}
              y={height - 6}
              textAnchor="middle"
            >
              {tick}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const y = i * rowHeight + 6;
          return (
            <g key={bar.label}>
              <text x={0} y={y + 17}>
                {bar.label}
              </text>
              <rect
                className="tr-bar-track"
                x={labelWidth}
                y={y + 4}
                width={barWidth}
                height={18}
                rx={3}
              />
              {bar.value !== null && (
                <rect
                  className="tr-bar"
                  x={labelWidth}
                  y={y + 4}
                  width={scale(bar.value)}
                  height={18}
                  rx={3}
                />
              )}
              <text x={labelWidth + barWidth + 8} y={y + 17}>
                {bar.value === null ? 'n/a' : formatScore(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export interface TrendPoint {
  at: string;
  score: number;
}

/** Score over time; the table next to it carries the exact figures. */
export function TrendChart({
  points,
  thresholds,
}: {
  points: TrendPoint[];
  thresholds: { label: string; value: number }[];
}) {
  const width = 720;
  const height = 260;
  const left = 40;
  const right = 90;
  const top = 12;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const times = points.map((p) => new Date(p.at).getTime());
  const min = Math.min(...times);
  const max = Math.max(...times);
  const x = (i: number) =>
    points.length === 1
      ? left + plotW / 2
      : max === min
        ? left + (i / (points.length - 1)) * plotW
        : left + (((times[i] ?? min) - min) / (max - min)) * plotW;
  const y = (score: number) => top + plotH - (Math.max(0, Math.min(100, score)) / 100) * plotH;
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.score).toFixed(1)}`)
    .join(' ');
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <svg
      className="tr-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={
        first && last
          ? `Score trend: ${points.length} points from ${formatScore(first.score)} on ${formatDate(first.at)} to ${formatScore(last.score)} on ${formatDate(last.at)}`
          : 'Score trend: no points yet'
      }
      data-testid="trend-chart"
    >
      {[0, 25, 50, 75, 100].map((tick) => (
        <g key={tick}>
          <line className="tr-grid-line" x1={left} x2={left + plotW} y1={y(tick)} y2={y(tick)} />
          <text className="tr-chart-subtle" x={left - 6} y={y(tick) + 4} textAnchor="end">
            {tick}
          </text>
        </g>
      ))}
      {thresholds.map((t) => (
        <g key={t.label}>
          <line
            className="tr-threshold"
            x1={left}
            x2={left + plotW}
            y1={y(t.value)}
            y2={y(t.value)}
          />
          <text className="tr-chart-subtle" x={left + plotW + 6} y={y(t.value) + 4}>
            {t.label}
          </text>
        </g>
      ))}
      <path className="tr-line" d={path} />
      {points.map((p, i) => (
        <circle key={i} className="tr-point" cx={x(i)} cy={y(p.score)} r={3.5}>
          <title>{`${formatDate(p.at)}: ${formatScore(p.score)}`}</title>
        </circle>
      ))}
      {first && (
        <text className="tr-chart-subtle" x={left} y={height - 8}>
          {formatDate(first.at)}
        </text>
      )}
      {last && points.length > 1 && (
        <text className="tr-chart-subtle" x={left + plotW} y={height - 8} textAnchor="end">
          {formatDate(last.at)}
        </text>
      )}
    </svg>
  );
}
