/**
 * Output formats of `pitwall compare`, by name. Adding one is one file plus
 * one entry here; `--format`-like flags and the help list come from this map.
 */
import type { CompareReport } from '../report.ts';
import { formatJson } from './json.ts';
import { formatMarkdown } from './markdown.ts';
import { formatTerminal } from './table.ts';

export interface FormatOptions {
  /** List unchanged metrics too (the terminal table leaves them out). */
  all?: boolean;
}

export const reportFormats = {
  table: formatTerminal,
  markdown: (report: CompareReport) => formatMarkdown(report),
  json: (report: CompareReport) => formatJson(report),
} satisfies Record<string, (report: CompareReport, options: FormatOptions) => string>;

export type ReportFormat = keyof typeof reportFormats;

export function formatReport(report: CompareReport, format: ReportFormat, options: FormatOptions = {}): string {
  return reportFormats[format](report, options);
}
