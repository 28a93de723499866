/** The site model of the results branch, as the commands that act on change points need it. */
import { readHistory, type History } from '../../results/store/read-history.ts';
import { readTriageFiles } from '../../results/store/read-notes.ts';
import { parseTriageFile } from '../../results/triage.ts';
import { buildSiteModel } from '../../results/report/build-model.ts';
import type { SiteModel } from '../../results/report/model.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import type { ResolvedConfig } from '../config/resolved.ts';
import { noiseWarnings } from '../bench/fingerprint.ts';

export async function loadModel(repo: ResultsRepo, config: ResolvedConfig): Promise<{ history: History; model: SiteModel }> {
  const history = await readHistory(repo, { mainBranch: config.mainBranch });
  const triage = (await readTriageFiles(repo)).flatMap((f) => parseTriageFile(f.text, f.path));
  const model = await buildSiteModel(history, {
    title: config.site.title,
    rules: config.metrics,
    triage,
    notes: [],
    logs: new Map(),
    machineWarnings: noiseWarnings,
    repoUrl: null,
    now: new Date(),
  });
  return { history, model };
}

/** Values of one metric of one machine × suite at one commit: one per ok run. */
export function valuesAt(history: History, machine: string, suite: string, metric: string, commit: string): number[] {
  const out: number[] = [];
  for (const loaded of history.runs) {
    const { run } = loaded;
    if (run.commit !== commit || run.machine !== machine || run.suite !== suite || run.status !== 'ok') continue;
    const i = loaded.metrics.indexOf(metric);
    if (i >= 0) out.push(loaded.values[i] as number);
  }
  return out;
}
