/** What an import did, per suite, with every run and value it left out and why. */
import { formatTable } from '../format-table.ts';
import type { InvalidValue, SkippedRun, SourceRead } from './imported-run.ts';
import type { ImportPlan } from './write-imported.ts';

export interface SuiteSummary {
  suite: string;
  /** The suite as the source names it. */
  sourceSuite: string;
  /** Runs in the source, skipped ones included. */
  read: number;
  imported: number;
  alreadyImported: number;
  skipped: number;
  invalidValues: number;
}

export interface ImportSummary {
  source: string;
  format: string;
  tool: string;
  branch: string;
  /** Nothing was written; `imported` counts what would have been. */
  dryRun: boolean;
  runs: { read: number; imported: number; alreadyImported: number; skipped: number };
  suites: SuiteSummary[];
  skipped: SkippedRun[];
  invalidValues: InvalidValue[];
  notes: string[];
  /** The commits written on the results branch, oldest first. */
  commits: string[];
}

export interface SummaryFacts {
  source: string;
  format: string;
  tool: string;
  branch: string;
  dryRun: boolean;
  read: SourceRead;
  plan: ImportPlan;
  commits: string[];
}

export function summarizeImport(facts: SummaryFacts): ImportSummary {
  const { read, plan } = facts;
  const suites = new Map<string, SuiteSummary>();
  for (const { suite, sourceSuite } of read.suites) {
    suites.set(suite, { suite, sourceSuite, read: 0, imported: 0, alreadyImported: 0, skipped: 0, invalidValues: 0 });
  }
  const of = (suite: string): SuiteSummary => suites.get(suite) as SuiteSummary;
  for (const run of plan.fresh) of(run.source.suite).imported++;
  for (const run of plan.existing) of(run.source.suite).alreadyImported++;
  for (const skip of read.skipped) of(skip.suite).skipped++;
  for (const invalid of read.invalidValues) of(invalid.suite).invalidValues++;
  for (const s of suites.values()) s.read = s.imported + s.alreadyImported + s.skipped;
  return {
    source: facts.source,
    format: facts.format,
    tool: facts.tool,
    branch: facts.branch,
    dryRun: facts.dryRun,
    runs: {
      read: read.runs.length + read.skipped.length,
      imported: plan.fresh.length,
      alreadyImported: plan.existing.length,
      skipped: read.skipped.length,
    },
    suites: [...suites.values()],
    skipped: read.skipped,
    invalidValues: read.invalidValues,
    notes: read.notes,
    commits: facts.commits,
  };
}

/** At most this many skipped runs and invalid values are listed as text; --json lists all. */
const LISTED = 10;

function listSome<T>(title: string, items: readonly T[], line: (item: T) => string): string[] {
  if (items.length === 0) return [];
  const lines = [``, `${title}:`, ...items.slice(0, LISTED).map((item) => `  ${line(item)}`)];
  if (items.length > LISTED) lines.push(`  … and ${items.length - LISTED} more (--json lists every one)`);
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatImportSummary(s: ImportSummary): string {
  const verb = s.dryRun ? 'Would import' : 'Imported';
  const where = s.dryRun ? `onto branch "${s.branch}" (dry run: nothing written)` : `onto branch "${s.branch}" in ${plural(s.commits.length, 'commit')}`;
  const lines = [
    `${verb} ${plural(s.runs.imported, 'run')} of ${plural(s.suites.length, 'suite')} from ${s.tool} "${s.source}" ${where}; ` +
      `${s.runs.alreadyImported} already imported, ${s.runs.skipped} skipped.`,
    '',
    formatTable(
      ['suite', 'source name', 'runs', s.dryRun ? 'to import' : 'imported', 'already imported', 'skipped', 'invalid values'],
      s.suites.map((x) => [x.suite, x.sourceSuite, String(x.read), String(x.imported), String(x.alreadyImported), String(x.skipped), String(x.invalidValues)]),
    ).trimEnd(),
    ...listSome('Skipped runs', s.skipped, (x) => `${x.origin}: ${x.message}`),
    ...listSome('Invalid values (left out of their run)', s.invalidValues, (x) => `${x.origin}: ${x.benchmark === null ? '' : `bench ${JSON.stringify(x.benchmark)}: `}${x.message}`),
    ...listSome('Notes', s.notes, (x) => x),
  ];
  return `${lines.join('\n')}\n`;
}
