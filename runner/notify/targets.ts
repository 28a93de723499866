/**
 * Where `pitwall notify` posts: generic JSON webhooks and Slack incoming
 * webhooks. A webhook URL is a credential (Slack's carries its secret in the
 * path), so it is never printed or committed: a target is named by its kind,
 * its position and a hash of its URL.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../../results/errors.ts';

export type TargetKind = 'webhook' | 'slack';

export interface NotifyTarget {
  kind: TargetKind;
  url: string;
  /** `<kind>-<12 hex digits of sha256(url)>`: names the target in output and on the results branch. */
  key: string;
  /** How the user gave it, for messages: `--slack #2`, `$PITWALL_SLACK_URL`. */
  label: string;
}

/** Environment variables read besides the options, so URLs stay out of `ps` and crontabs. */
export const TARGET_ENV: Record<TargetKind, string> = { webhook: 'PITWALL_WEBHOOK_URL', slack: 'PITWALL_SLACK_URL' };

export function parseTarget(kind: TargetKind, url: string, label: string): NotifyTarget {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    throw new UsageError('NOTIFY_BAD_URL', `The ${kind} URL of ${label} is not an http(s) URL${scheme === undefined ? '' : ` (it starts with "${scheme}:")`}`, {
      hint: kind === 'slack'
        ? 'Give the incoming webhook URL Slack shows for the app, https://hooks.slack.com/services/…'
        : 'Give the full address of the receiver, starting with https:// (or http:// on a private network)',
    });
  }
  return { kind, url, key: `${kind}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`, label };
}

/** Targets from the options, then from the environment (whitespace-separated URLs). */
export function collectTargets(options: { webhook: readonly string[]; slack: readonly string[] }, env: NodeJS.ProcessEnv): NotifyTarget[] {
  const targets: NotifyTarget[] = [];
  for (const kind of ['webhook', 'slack'] as const) {
    options[kind].forEach((url, i) => targets.push(parseTarget(kind, url, `--${kind} #${i + 1}`)));
    const fromEnv = (env[TARGET_ENV[kind]] ?? '').split(/\s+/).filter((u) => u !== '');
    fromEnv.forEach((url, i) => targets.push(parseTarget(kind, url, `$${TARGET_ENV[kind]}${fromEnv.length > 1 ? ` #${i + 1}` : ''}`)));
  }
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.key) && seen.add(t.key));
}
