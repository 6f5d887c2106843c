import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollableTable } from '../../shared/ScrollableTable';

export interface Bar {
  label: string;
  /** Drawn height; 0 draws no bar */
  value: number;
  /** The figure as written under the bar and in the table */
  text: string;
  /** A second, darker bar inside the first (e.g. those who left on a step of those who reached it) */
  part?: number;
}

interface BarChartProps {
  title: string;
  /** What the chart shows, read out with its title */
  description: string;
  bars: Bar[];
  /** The table under the chart: its column headings and one row per bar */
  table: { columns: string[]; rows: ReactNode[][] };
  /** The top of the scale; default the largest value */
  max?: number;
}

const WIDTH = 640;
const HEIGHT = 220;
const AXIS = 24;
const LABELS = 36;

/**
 * A bar chart as SVG that is one image to assistive technology (role="img" named by its title and
 * described by its description), with the same figures as a table right after it: the chart is
 * for seeing, the table for reading and copying.
 */
export function BarChart({ title, description, bars, table, max }: BarChartProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const descId = useId();
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const slot = (WIDTH - AXIS) / Math.max(bars.length, 1);
  const barWidth = Math.max(4, slot * 0.6);
  const plot = HEIGHT - LABELS - 16;
  const height = (value: number) => (value / top) * plot;
  return (
    <figure className="bar-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} aria-describedby={descId} focusable="false">
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        <line x1={AXIS} y1={16 + plot} x2={WIDTH} y2={16 + plot} className="bar-chart-axis" />
        {bars.map((bar, i) => {
          const x = AXIS + i * slot + (slot - barWidth) / 2;
          const base = 16 + plot;
          return (
            <g key={bar.label}>
              {bar.value > 0 && <rect x={x} y={base - height(bar.value)} width={barWidth} height={height(bar.value)} className="bar-chart-bar" />}
              {bar.part !== undefined && bar.part > 0 && <rect x={x} y={base - height(bar.part)} width={barWidth} height={height(bar.part)} className="bar-chart-part" />}
              <text x={x + barWidth / 2} y={base - height(bar.value) - 4} textAnchor="middle" className="bar-chart-value">
                {bar.text}
              </text>
              <text x={x + barWidth / 2} y={base + 16} textAnchor="middle" className="bar-chart-label">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ScrollableTable caption={`${t('insights.chartAsTable')}: ${title}`} columns={table.columns} className="statistics-table">
          {table.rows.map(([head, ...cells], i) => (
            <tr key={i}>
              <th scope="row">{head}</th>
              {cells.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </ScrollableTable>
      </figcaption>
    </figure>
  );
}
