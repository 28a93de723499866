import { stringify } from 'yaml';
import type { Command, CommandContext } from './command.ts';
import { parseCommandArgs, progress } from '../args.ts';
import { loadConfig } from '../config/load-config.ts';
import { openResultsRepo } from '../../results/store/repo.ts';
import { acquireLock } from '../../results/store/lock.ts';
import { writeRun } from '../../results/store/write-run.ts';
import { readTriageFiles } from '../../results/store/read-notes.ts';
import { parseTriageFile } from '../../results/triage.ts';
import { TRIAGE_DIR } from '../../results/layout.ts';
import { UsageError } from '../../results/errors.ts';
import { deliverResults } from '../pipeline/deliver.ts';
import { formatTable } from '../format-table.ts';

const help = `Usage: pitwall triage <action> [options]

Records a triage decision as a file under triage/ on the results branch. The
dashboard and the analysis honour it; the raw data stays as it was.

Actions:
  acknowledge   A change point is known: the metric no longer shows as regressed
                (needs --metric and --commit)
  expect        An intended shift, e.g. a new baseline after a deliberate change
                (needs --metric and --commit)
  exclude       Leave one run out of the analysis, e.g. the machine was throttling
                (needs --run, a run id from "pitwall log --json")
  list          Print the decisions on the branch

Options:
  --metric <glob>    Metric names: * within a segment, ** across "/"
  --commit <sha>     First commit after the change (7 to 40 hex digits)
  --run <id>         Run id, e.g. bench-1/20261124T200626Z-1a2b3c4-parse
  --machine <name>   Limit to one machine
  --suite <name>     Limit to one suite
  --note <text>      Why (required except for list)
  --by <name>        Who decided (default: $GITHUB_ACTOR or $USER)
  --no-push          Do not push to the configured remote
  --json             list: print JSON
  -h, --help         Show this help

Example:
  pitwall triage acknowledge --metric "parse/**" --commit 1a2b3c4 --note "Validator costs 8 %, accepted in #123"
`;

const ACTIONS = ['acknowledge', 'expect', 'exclude', 'list'] as const;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'entry';
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('triage', ctx.argv, {
    metric: { type: 'string' },
    commit: { type: 'string' },
    run: { type: 'string' },
    machine: { type: 'string' },
    suite: { type: 'string' },
    note: { type: 'string' },
    by: { type: 'string' },
    'no-push': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  }, { positionals: 1 });
  const action = positionals[0];
  if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError('USAGE', `pitwall triage: ${action === undefined ? 'missing the action' : `unknown action "${action}"`}`, { hint: `Write one of: ${ACTIONS.join(', ')}` });
  }
  const say = (text: string) => progress(ctx.stderr, text);
  const config = await loadConfig({ cwd: ctx.cwd, env: ctx.env, allowMissing: true });
  const repo = await openResultsRepo({ dir: ctx.cwd, branch: config.branch });

  if (action === 'list') {
    const entries = (await readTriageFiles(repo)).flatMap((f) => parseTriageFile(f.text, f.path));
    if (values.json) ctx.stdout.write(`${JSON.stringify(entries.map(({ metric: _m, ...rest }) => rest), null, 2)}\n`);
    else if (entries.length === 0) say('no triage decisions on the results branch');
    else ctx.stdout.write(formatTable(['action', 'metric or run', 'commit', 'note', 'by', 'file'], entries.map((e) => [e.action, e.metricPattern ?? e.run ?? '', e.commit ?? '', e.note, e.by ?? '', e.source])));
    return 0;
  }

  if (values.note === undefined || values.note.trim() === '') {
    throw new UsageError('USAGE', 'pitwall triage: --note is required', { hint: 'Say why, e.g. --note "Accepted in #123: the validator is worth 8 %"' });
  }
  const needed = action === 'exclude' ? (['run'] as const) : (['metric', 'commit'] as const);
  const missing = needed.filter((key) => values[key] === undefined);
  if (missing.length > 0) {
    throw new UsageError('USAGE', `pitwall triage ${action}: missing ${missing.map((k) => `--${k}`).join(' and ')}`, { hint: `Run "pitwall triage --help" for an example` });
  }
  const date = new Date().toISOString();
  const entry: Record<string, string> = { action };
  for (const key of ['metric', 'commit', 'run', 'machine', 'suite'] as const) {
    const value = values[key];
    if (value !== undefined) entry[key] = value;
  }
  entry['note'] = values.note;
  const by = values.by ?? ctx.env['GITHUB_ACTOR'] ?? ctx.env['USER'];
  if (by !== undefined) entry['by'] = by;
  entry['date'] = date.slice(0, 10);
  const text = stringify([entry]);
  const path = `${TRIAGE_DIR}/${date.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${action}-${slug(values.metric ?? values.run ?? '')}.yaml`;
  parseTriageFile(text, path); // the same checks the analysis applies, before anything is written

  const lock = await acquireLock(repo.gitdir, { purpose: 'pitwall triage', onWarning: (w: string) => say(`warning: ${w}`) });
  try {
    const subject = `triage ${action} ${values.metric ?? values.run}${values.commit !== undefined ? ` @ ${values.commit.slice(0, 7)}` : ''}: ${values.note}`;
    await writeRun(repo, { files: [{ path, content: text }], message: `${subject.slice(0, 100)}\n` }, { lock });
    say(`recorded ${config.branch}:${path}`);
    if (config.remote !== null && !values['no-push']) await deliverResults(repo, config.remote, ctx.env, say);
  } finally {
    await lock.release();
  }
  return 0;
}

export const command: Command = { help, run };
