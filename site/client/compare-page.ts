/**
 * The compare and commit pages: two commits' shards loaded on demand, every
 * metric judged against its threshold, sorted by severity, with a scatter of
 * base against head. /commit/?sha=X compares X with its parent on main.
 */
import type { CommitLookup } from '../lib/commit-lookup.ts';
import { createCommitLookup } from '../lib/commit-lookup.ts';
import { compareCommitEntries, countVerdicts, describeCompareWarnings } from '../lib/compare-commits.ts';
import { formatSeriesId, type CommitEntry, type CommitsFile, type SummaryFile } from '../lib/data-files.ts';
import { formatDate, formatPct, formatValue, shortSha } from '../lib/format.ts';
import { commitHref, compareHref, metricHref, repoCommitUrl, runHref } from '../lib/links.ts';
import { append, byId, clear, h, showError, siteBase, siteRepoUrl } from './dom.ts';
import { loadCommitShard, loadCommits, loadSummary } from './load-data.ts';
import { renderCompareScatter } from './compare-scatter.ts';
import { renderCompareTable } from './compare-table.ts';

const VERDICT_LABELS = {
  regression: ['regression', 'regressions'],
  improvement: ['improvement', 'improvements'],
  changed: ['changed', 'changed'],
  unchanged: ['unchanged', 'unchanged'],
  new: ['new', 'new'],
  missing: ['missing', 'missing'],
} as const;

async function loadEntry(commits: CommitsFile, i: number): Promise<CommitEntry> {
  const shard = await loadCommitShard(Math.floor(i / commits.shardSize));
  const entry = shard.commits[i - shard.first];
  if (entry === undefined) throw new Error(`Commit ${commits.sha[i]} is missing from its data file`);
  return entry;
}

function latestMain(commits: CommitsFile): number[] {
  const main: number[] = [];
  commits.index.forEach((position, i) => {
    if (position >= 0) main.push(i);
  });
  return main;
}

function commitCard(commits: CommitsFile, i: number, label: string): HTMLElement {
  const sha = commits.sha[i] ?? '';
  const repo = repoCommitUrl(siteRepoUrl(), sha);
  const branch = commits.branch[i];
  return h(
    'div',
    { class: 'card card-pad' },
    h('div', { class: 'eyebrow' }, label, commits.index[i] === -1 && branch ? ` · off main (${branch})` : ''),
    h('div', { class: 'commit-subject' }, commits.subject[i] ?? ''),
    h('p', { class: 'muted', attrs: { style: 'margin:0.25rem 0 0' } }, h('a', { class: 'mono', attrs: { href: commitHref(siteBase(), sha) } }, shortSha(sha)), ` · ${commits.author[i] ?? ''} · ${formatDate(commits.time[i])}`, repo === null ? null : ' · ', repo === null ? null : h('a', { attrs: { href: repo, rel: 'noopener' } }, 'view commit ↗')),
  );
}

function renderCommitExtras(target: HTMLElement, entry: CommitEntry, summary: SummaryFile): void {
  const base = siteBase();
  if (entry.changes.length > 0) {
    const units = new Map<string, string | null>();
    summary.series.metric.forEach((metric, i) => {
      const unit = summary.series.unit[i] ?? -1;
      units.set(formatSeriesId(summary.machines[summary.series.machine[i] as number] as string, summary.suites[summary.series.suite[i] as number] as string, metric), unit < 0 ? null : (summary.units[unit] as string));
    });
    append(
      target,
      h('h2', null, 'Change points at this commit'),
      h(
        'div',
        { class: 'card table-wrap' },
        h('table', { class: 'data-table' }, h('tbody', null, ...entry.changes.map((c) => h('tr', null, h('td', null, h('span', { class: `badge k-${c.kind}` }, c.kind)), h('td', { class: 'name-cell' }, h('a', { attrs: { href: metricHref(base, c.seriesId, { highlight: c.commit.slice(0, 12) }) } }, c.seriesId)), h('td', { class: 'num' }, formatPct(c.changePct)), h('td', { class: 'num' }, `${formatValue(c.beforeMedian, units.get(c.seriesId) ?? null)} → ${formatValue(c.afterMedian, units.get(c.seriesId) ?? null)}`), h('td', null, h('span', { class: `badge plain s-${c.status}` }, c.status)))))),
      ),
    );
  }
  if (entry.runs.length > 0) {
    append(
      target,
      h('h2', null, 'Runs of this commit'),
      h(
        'div',
        { class: 'card table-wrap' },
        h('table', { class: 'data-table' }, h('tbody', null, ...entry.runs.map((run) => h('tr', null, h('td', null, h('span', { class: `badge r-${run.status}` }, run.status)), h('td', null, run.suite), h('td', null, run.machine), h('td', { class: 'r' }, h('a', { attrs: { href: runHref(base, run.id) } }, 'log and details')))))),
      ),
    );
  }
}

async function renderComparison(body: HTMLElement, summary: SummaryFile, commits: CommitsFile, baseIndex: number, headIndex: number, mode: 'compare' | 'commit'): Promise<void> {
  const [baseEntry, headEntry] = await Promise.all([loadEntry(commits, baseIndex), loadEntry(commits, headIndex)]);
  const rows = compareCommitEntries(summary, baseEntry, headEntry);
  const counts = countVerdicts(rows);
  const warnings = describeCompareWarnings(baseEntry, headEntry);
  clear(body);
  if (mode === 'commit') {
    append(body, h('div', { class: 'page-head' }, h('div', null, h('div', { class: 'eyebrow' }, 'Commit'), h('h1', null, commits.subject[headIndex] ?? shortSha(commits.sha[headIndex] ?? '')), h('p', { class: 'lede' }, 'Every metric of this commit against its parent on the main branch.'))));
  }
  append(body, h('div', { class: 'grid-2' }, commitCard(commits, baseIndex, mode === 'commit' ? 'Parent (base)' : 'Base'), commitCard(commits, headIndex, mode === 'commit' ? 'This commit (head)' : 'Head')));
  const notices = h('div', { attrs: { style: 'margin-top:1rem' } });
  for (const warning of warnings) append(notices, h('p', { class: 'notice', attrs: { role: 'note' } }, warning));
  append(body, notices);
  const summaryLine = h(
    'div',
    { class: 'chips', attrs: { style: 'margin:1rem 0', id: 'verdict-counts' } },
    ...(['regression', 'improvement', 'changed', 'unchanged', 'new', 'missing'] as const)
      .filter((v) => counts[v] > 0 || v === 'regression')
      .map((v) => h('span', { class: `badge ${v === 'regression' ? 'k-regression' : v === 'improvement' ? 'k-improvement' : 'k-unchanged'}` }, `${counts[v].toLocaleString('en-US')} ${VERDICT_LABELS[v][counts[v] === 1 ? 0 : 1]}`)),
  );
  append(body, summaryLine);
  const several = new Set(rows.map((r) => r.machine)).size > 1;
  renderCompareTable(body, rows, commits.sha[headIndex] ?? '', several);
  if (rows.some((r) => r.base !== null && r.head !== null)) renderCompareScatter(body, rows);
  if (mode === 'commit') renderCommitExtras(body, headEntry, summary);
  document.documentElement.dataset['ready'] = mode;
}

function fillForm(commits: CommitsFile, lookupBase: string, lookupHead: string): void {
  const baseInput = document.getElementById('compare-base') as HTMLInputElement | null;
  const headInput = document.getElementById('compare-head') as HTMLInputElement | null;
  const options = document.getElementById('commit-options');
  if (baseInput === null || headInput === null || options === null) return;
  baseInput.value = lookupBase;
  headInput.value = lookupHead;
  const recent = latestMain(commits).slice(-300).reverse();
  for (const i of recent) append(options, h('option', { attrs: { value: (commits.sha[i] ?? '').slice(0, 10), label: `${shortSha(commits.sha[i] ?? '')} ${commits.subject[i] ?? ''}` } }));
  byId('compare-swap').addEventListener('click', () => {
    [baseInput.value, headInput.value] = [headInput.value, baseInput.value];
  });
  byId<HTMLFormElement>('compare-form').addEventListener('submit', (event) => {
    event.preventDefault();
    location.assign(compareHref(siteBase(), baseInput.value.trim(), headInput.value.trim()));
  });
}

function notFound(body: HTMLElement, what: string): void {
  clear(body);
  append(body, h('div', { class: 'card empty' }, h('h2', null, 'Commit not found'), h('p', null, what), h('p', null, h('a', { attrs: { href: siteBase() } }, 'Back to the overview'))));
}

function resolve(lookup: CommitLookup, value: string | null): number | null {
  return value === null || value === '' ? null : lookup.find(value);
}

export async function startComparePage(): Promise<void> {
  const view = byId('compare-view');
  const body = byId('compare-body');
  const mode = view.dataset['mode'] === 'commit' ? 'commit' : 'compare';
  const params = new URLSearchParams(location.search);
  try {
    const [summary, commits] = await Promise.all([loadSummary(), loadCommits()]);
    const lookup = createCommitLookup(commits.sha);
    const main = latestMain(commits);
    if (main.length === 0) {
      clear(body);
      append(body, h('div', { class: 'card empty' }, h('h2', null, 'No runs yet'), h('p', null, 'Nothing has been measured, so there is nothing to compare: run "pitwall run" first.')));
      return;
    }
    if (mode === 'commit') {
      const wanted = params.get('sha');
      const head = resolve(lookup, wanted);
      if (head === null) return notFound(body, wanted === null ? 'Name a commit with ?sha=<sha>.' : `No measured commit matches "${wanted}".`);
      const position = commits.index[head] ?? -1;
      if (position <= 0) {
        clear(body);
        append(body, commitCard(commits, head, 'Commit'), h('p', { class: 'notice', attrs: { style: 'margin-top:1rem' } }, position === 0 ? 'This is the first measured commit: it has no parent to compare with.' : 'This commit is off the main branch; pick a base on the compare page.'), h('p', null, h('a', { class: 'button', attrs: { href: compareHref(siteBase(), (commits.sha[main[main.length - 1] as number] ?? '').slice(0, 12), (commits.sha[head] ?? '').slice(0, 12)) } }, 'Compare with the newest main commit')));
        const entry = await loadEntry(commits, head);
        renderCommitExtras(body, entry, summary);
        return;
      }
      await renderComparison(body, summary, commits, head - 1, head, mode);
      return;
    }
    const headWanted = params.get('head');
    const baseWanted = params.get('base');
    let head = resolve(lookup, headWanted);
    let base = resolve(lookup, baseWanted);
    if (headWanted === null && baseWanted === null) {
      head = main[main.length - 1] ?? null;
      base = main.length > 1 ? (main[main.length - 2] ?? null) : null;
    }
    fillForm(commits, (commits.sha[base ?? -1] ?? baseWanted ?? '').slice(0, 10), (commits.sha[head ?? -1] ?? headWanted ?? '').slice(0, 10));
    if (head === null || base === null) {
      const missing = head === null ? headWanted : baseWanted;
      return notFound(body, missing === null ? 'Pick two commits above.' : `No measured commit matches "${missing}"; pick one above.`);
    }
    await renderComparison(body, summary, commits, base, head, mode);
  } catch (error) {
    showError(body, error);
  }
}
