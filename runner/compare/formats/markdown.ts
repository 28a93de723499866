/**
 * The report as GitHub-flavoured markdown, for the pull request comment and
 * the job summary. What matters comes first, so that a comment cut to fit
 * GitHub's limit loses the least: the summary line, regressions, improvements,
 * warnings, then everything else folded in <details>.
 */
import { MIN_HISTORY_POINTS, type MetricComparison } from '../../../results/analysis/compare.ts';
import { formatPct, formatValue } from '../format-value.ts';
import { describeConfidence, describeCounts, displayName, orderForReading, shortSha, spansMachines, VERDICT_TITLES, type CompareReport } from '../report.ts';

/** First line of every report; finds the comment again to update it in place. */
export const REPORT_MARKER = '<!-- pitwall-report -->';

const VERDICT_MARKS: Record<CompareReport['comparison']['summary']['verdict'], string> = {
  regression: '🔴',
  failed: '❌',
  improvement: '🟢',
  unchanged: '⚪',
};

/** Text that GitHub must show as it is, inside a table cell or a link text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

function link(text: string, url: string | null): string {
  return url === null ? text : `[${text}](${url})`;
}

function metricCell(report: CompareReport, c: MetricComparison): string {
  const name = escapeMarkdown(spansMachines(report) ? `${c.machine}: ${displayName(c)}` : displayName(c));
  return link(name, report.links.metric(c, report.comparison.head));
}

function valueCell(value: number | null, unit: string | null): string {
  return value === null ? '—' : formatValue(value, unit);
}

function table(report: CompareReport, rows: readonly MetricComparison[], bold: boolean): string[] {
  const lines = ['| Metric | Base | Head | Δ | Confidence |', '|:--|--:|--:|--:|:--|'];
  for (const c of rows) {
    const delta = formatPct(c.deltaPct);
    const cells = [metricCell(report, c), valueCell(c.base, c.unit), valueCell(c.head, c.unit), bold && c.deltaPct !== null ? `**${delta}**` : delta, escapeMarkdown(describeConfidence(c)) || c.verdict];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

function summaryLine(report: CompareReport): string {
  const { comparison, links } = report;
  const verdict = comparison.summary.verdict;
  const range = `\`${shortSha(comparison.base)}\`..\`${shortSha(comparison.head)}\``;
  const compare = links.compare(comparison.base, comparison.head);
  return `${VERDICT_MARKS[verdict]} **pitwall: ${VERDICT_TITLES[verdict]}** · ${describeCounts(report)} · ${link(range, compare)}`;
}

function footer(report: CompareReport): string {
  const { comparison, baseFrom, confirmation } = report;
  const parts: string[] = [];
  parts.push(baseFrom.kind === 'merge-base' ? `base ${shortSha(comparison.base)} is the merge base with ${baseFrom.mainRef.replace(/^refs\/(heads|remotes)\//, '')}` : `base ${shortSha(comparison.base)} is ${escapeMarkdown(baseFrom.rev)}`);
  parts.push(`runs pooled: ${comparison.baseRuns.length} on base, ${comparison.headRuns.length} on head`);
  if (confirmation !== null) {
    parts.push(`${confirmation.suspected} suspected regression${confirmation.suspected === 1 ? '' : 's'} re-run ${confirmation.rounds}× on both sides (${confirmation.suites.map(escapeMarkdown).join(', ')}): ${confirmation.confirmed} confirmed`);
  }
  const n = comparison.fewestHistoryPoints;
  if (n === 0) parts.push("no main-branch history yet: changes are held to each metric's floor");
  else if (n < MIN_HISTORY_POINTS) parts.push(`as few as ${n} main-branch commit${n === 1 ? '' : 's'} of history per metric, too few to measure noise (${MIN_HISTORY_POINTS} needed): such metrics are held to their floor`);
  else parts.push(`noise thresholds from at least ${n} main-branch commits per metric`);
  const dashboard = report.links.site === null ? '' : ` · [dashboard](${report.links.site})`;
  return `<sub>${parts.join(' · ')} · pitwall ${report.version}${dashboard}</sub>`;
}

export function formatMarkdown(report: CompareReport): string {
  const ordered = orderForReading(report.comparison.metrics);
  const regressions = ordered.filter((c) => c.verdict === 'regression');
  const improvements = ordered.filter((c) => c.verdict === 'improvement');
  const changed = ordered.filter((c) => c.verdict === 'changed');
  const rest = ordered.filter((c) => c.verdict === 'unchanged' || c.verdict === 'new' || c.verdict === 'missing');
  const out: string[] = [REPORT_MARKER, summaryLine(report), ''];
  const section = (title: string, rows: MetricComparison[], bold: boolean) => {
    if (rows.length === 0) return;
    out.push(`#### ${title}`, '', ...table(report, rows, bold), '');
  };
  section(`Regressions (${regressions.length})`, regressions, true);
  section(`Improvements (${improvements.length})`, improvements, true);
  section(`Changed, with no better direction (${changed.length})`, changed, false);
  const warnings = report.comparison.summary.warnings;
  if (warnings.length > 0) {
    out.push('#### Warnings', '', ...warnings.map((w) => `- ⚠️ ${escapeMarkdown(w)}`), '');
  }
  if (rest.length > 0) {
    const counts = (['unchanged', 'new', 'missing'] as const).map((v) => [v, rest.filter((c) => c.verdict === v).length] as const).filter(([, n]) => n > 0);
    out.push(`<details><summary>${counts.map(([v, n]) => `${n} ${v}`).join(', ')}</summary>`, '', ...table(report, rest, false), '', '</details>', '');
  }
  out.push(footer(report), '');
  return out.join('\n');
}
