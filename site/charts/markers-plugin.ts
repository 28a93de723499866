/**
 * A Chart.js plugin for what datasets cannot say: the highlighted commit (a
 * band behind the data), note and triage markers (dashed vertical lines with
 * a caption) and the labels of change-point steps.
 */
import type { Chart, ChartType, Plugin } from 'chart.js';

export interface MarkerLine {
  x: number;
  color: string;
  /** Short caption at the top of the line. */
  label: string;
}

export interface MarkerLabel {
  x: number;
  y: number;
  text: string;
  color: string;
}

export interface MarkersOptions {
  lines: MarkerLine[];
  labels: MarkerLabel[];
  highlight: number | null;
  highlightColor: string;
  /** Background of label pills, to keep them readable over lines. */
  pillColor: string;
  font: string;
}

declare module 'chart.js' {
  // The type parameter must match Chart.js's declaration; markers do not depend on it.
  interface PluginOptionsByType<TType extends ChartType> {
    pitwallMarkers?: Partial<MarkersOptions>;
  }
}

function options(chart: Chart): MarkersOptions | null {
  const opts = chart.options.plugins?.pitwallMarkers;
  if (opts === undefined || opts.lines === undefined) return null;
  return opts as MarkersOptions;
}

function inside(chart: Chart, px: number): boolean {
  return px >= chart.chartArea.left - 0.5 && px <= chart.chartArea.right + 0.5;
}

function drawPill(chart: Chart, text: string, cx: number, top: number, color: string, opts: MarkersOptions): number {
  const ctx = chart.ctx;
  ctx.font = opts.font;
  const width = ctx.measureText(text).width + 10;
  const left = Math.min(Math.max(cx - width / 2, chart.chartArea.left), chart.chartArea.right - width);
  ctx.fillStyle = opts.pillColor;
  ctx.beginPath();
  ctx.roundRect(left, top, width, 17, 4);
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.fillStyle = color;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, left + 5, top + 9);
  return width;
}

export const markersPlugin: Plugin = {
  id: 'pitwallMarkers',
  beforeDatasetsDraw(chart) {
    const opts = options(chart);
    if (opts === null || opts.highlight === null) return;
    const x = chart.scales['x'];
    if (x === undefined) return;
    const px = x.getPixelForValue(opts.highlight);
    if (!inside(chart, px)) return;
    const width = Math.max(4, Math.abs(x.getPixelForValue(opts.highlight + 1) - px));
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = opts.highlightColor;
    ctx.fillRect(px - width / 2, chart.chartArea.top, width, chart.chartArea.bottom - chart.chartArea.top);
    ctx.restore();
  },
  afterDatasetsDraw(chart) {
    const opts = options(chart);
    const x = chart.scales['x'];
    const y = chart.scales['y'];
    if (opts === null || x === undefined || y === undefined) return;
    const ctx = chart.ctx;
    ctx.save();
    let lastCaption = -Infinity;
    for (const line of opts.lines) {
      const px = x.getPixelForValue(line.x);
      if (!inside(chart, px)) continue;
      ctx.strokeStyle = line.color;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(px, chart.chartArea.top);
      ctx.lineTo(px, chart.chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      // Captions closer than 90 px would overlap: the line alone still marks the commit.
      if (px - lastCaption > 90) lastCaption = px + drawPill(chart, line.label, px, chart.chartArea.top + 2, line.color, opts) / 2 - 45;
    }
    const drawn: { left: number; right: number; top: number }[] = [];
    for (const label of opts.labels) {
      const px = x.getPixelForValue(label.x);
      if (!inside(chart, px)) continue;
      const top = Math.max(chart.chartArea.top + 22, y.getPixelForValue(label.y) - 24);
      ctx.font = opts.font;
      const half = ctx.measureText(label.text).width / 2 + 5;
      if (drawn.some((d) => Math.abs(d.top - top) < 18 && px + half > d.left && px - half < d.right)) continue;
      drawPill(chart, label.text, px, top, label.color, opts);
      drawn.push({ left: px - half, right: px + half, top });
    }
    ctx.restore();
  },
};
