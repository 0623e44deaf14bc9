import { html, joinHtml, type SafeHtml } from './html.js';

export interface BarSeries {
  label: string;
  /** One value per category; a fill colour from the accessible palette unless given. */
  values: readonly number[];
  color?: string;
}

export interface BarChartInput {
  /** The chart's accessible name (also its <title>). */
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  width?: number;
  height?: number;
  /** Formats an axis or value label (locale-aware in pages: view.number). */
  format?: (value: number) => string;
}

/** Colours with at least 3:1 contrast on white (WCAG 2.2 non-text contrast), distinguishable in grey. */
export const CHART_PALETTE = ['#0b57a4', '#a4161a', '#1d6b35', '#7a4a00', '#5b2a86'] as const;

/**
 * A grouped bar chart as inline SVG, rendered on the server: no script, no CDN, prints well. It
 * carries role="img" and a title, and a visually hidden table repeats the numbers for screen
 * readers and keyboard users. Presentation attributes only (the CSP forbids inline style).
 */
export function barChart(input: BarChartInput): SafeHtml {
  const width = input.width ?? 640;
  const height = input.height ?? 260;
  const format = input.format ?? ((value: number) => String(value));
  const margin = { top: 16, right: 12, bottom: 48, left: 56 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const max = Math.max(1, ...input.series.flatMap((s) => s.values));
  const step = niceStep(max / 4);
  const top = Math.ceil(max / step) * step;
  const groupW = plotW / Math.max(1, input.categories.length);
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, input.series.length));
  const y = (value: number) => margin.top + plotH - (value / top) * plotH;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const bars = input.categories.flatMap((category, c) =>
    input.series.map((series, s) => {
      const value = series.values[c] ?? 0;
      const x = margin.left + c * groupW + groupW * 0.1 + s * barW;
      return html`<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(margin.top + plotH - y(value)).toFixed(1)}" fill="${series.color ?? CHART_PALETTE[s % CHART_PALETTE.length]}"><title>${series.label} · ${category}: ${format(value)}</title></rect>`;
    }),
  );
  const axis = ticks.map(
    (tick) => html`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#c5ccd6" stroke-width="1"/><text x="${margin.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${format(tick)}</text>`,
  );
  const labels = input.categories.map(
    (category, c) => html`<text x="${(margin.left + c * groupW + groupW / 2).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle">${category}</text>`,
  );
  const legend = input.series.map(
    (series, s) => html`<rect x="${margin.left + s * 140}" y="${height - 18}" width="12" height="12" fill="${series.color ?? CHART_PALETTE[s % CHART_PALETTE.length]}"/><text x="${margin.left + s * 140 + 18}" y="${height - 8}">${series.label}</text>`,
  );
  const table = html`<table class="visually-hidden"><caption>${input.title}</caption><thead><tr><th scope="col"></th>${input.series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead><tbody>${input.categories.map(
    (category, c) => html`<tr><th scope="row">${category}</th>${input.series.map((s) => html`<td>${format(s.values[c] ?? 0)}</td>`)}</tr>`,
  )}</tbody></table>`;
  return html`<figure class="chart-figure"><svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${input.title}" xmlns="http://www.w3.org/2000/svg"><title>${input.title}</title>${joinHtml(axis)}${joinHtml(bars)}${joinHtml(labels)}${joinHtml(legend)}</svg>${table}</figure>`;
}

function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}
