/** The report for a terminal: the summary line, a table of what changed, warnings, the dashboard link. */
import { formatTable } from '../../format-table.ts';
import { formatPct, formatValue } from '../format-value.ts';
import { describeConfidence, describeSummary, displayName, orderForReading, shortSha, spansMachines, type CompareReport } from '../report.ts';
import type { FormatOptions } from './index.ts';

export function formatTerminal(report: CompareReport, options: FormatOptions): string {
  const { comparison } = report;
  const machines = spansMachines(report);
  const ordered = orderForReading(comparison.metrics);
  const shown = options.all === true ? ordered : ordered.filter((c) => c.verdict !== 'unchanged');
  const out = [`pitwall compare ${shortSha(comparison.base)}..${shortSha(comparison.head)}: ${describeSummary(report)}`, ''];
  if (shown.length > 0) {
    const rows = shown.map((c) => [
      machines ? `${c.machine}: ${displayName(c)}` : displayName(c),
      c.base === null ? '-' : formatValue(c.base, c.unit),
      c.head === null ? '-' : formatValue(c.head, c.unit),
      c.deltaPct === null ? '-' : formatPct(c.deltaPct),
      c.verdict,
      describeConfidence(c),
    ]);
    out.push(formatTable(['metric', 'base', 'head', 'change', 'verdict', 'confidence'], rows));
  }
  const hidden = ordered.length - shown.length;
  if (hidden > 0) out.push(`${hidden} unchanged metric${hidden === 1 ? '' : 's'} not listed; --all lists them`, '');
  if (comparison.summary.warnings.length > 0) out.push('warnings:', ...comparison.summary.warnings.map((w) => `  - ${w}`), '');
  const compare = report.links.compare(comparison.base, comparison.head);
  if (compare !== null) out.push(`dashboard: ${compare}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
