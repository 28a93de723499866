/** The site's queue view: `pitwall queue` for every machine that ran the configured suites. */
import type { MachineQueueView } from '../../results/report/model.ts';
import { isPitwallError } from '../../results/errors.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import { loadQueue } from './load-queue.ts';

/** Newest commits of main shown per machine. */
export const RECENT_QUEUE_COMMITS = 50;

/**
 * Null when the repository has no main branch to read (a results-only clone):
 * the site then shows no queue rather than failing the build.
 */
export async function buildQueueViews(repo: ResultsRepo, repoDir: string, config: ResolvedConfig): Promise<MachineQueueView[] | null> {
  const suites = new Set(config.suites.map((s) => s.name));
  if (suites.size === 0) return [];
  const views: MachineQueueView[] = [];
  let machines: string[] | null = null;
  try {
    const first = await loadQueue({ config, repo, repoDir, machine: config.machine });
    machines = [...new Set(first.runs.filter((r) => suites.has(r.suite)).map((r) => r.machine))].sort();
    for (const machine of machines) {
      const { queue, commits } = machine === config.machine ? first : await loadQueue({ config, repo, repoDir, machine, reuse: first });
      const pending = new Map(queue.map((e) => [e.sha, e.suites.some((s) => s.reason === 'failed') ? 'failed' as const : 'pending' as const]));
      views.push({
        machine,
        length: queue.length,
        failed: [...pending.values()].filter((s) => s === 'failed').length,
        recent: commits.slice(0, RECENT_QUEUE_COMMITS).map((c) => ({ sha: c.sha, subject: c.subject, time: c.time, state: pending.get(c.sha) ?? 'measured' })),
      });
    }
  } catch (error) {
    if (isPitwallError(error) && error.code === 'NO_MAIN_BRANCH') return null;
    throw error;
  }
  return views;
}
