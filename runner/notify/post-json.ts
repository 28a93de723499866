/**
 * POSTs one JSON body to a webhook, retrying server errors (5xx), rate limits
 * (429 with retry-after), network failures and timeouts with backoff. Errors
 * name the target by its label and never carry its URL.
 */
import { PitwallError } from '../../results/errors.ts';
import { redactSecrets } from '../redact-secrets.ts';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from '../github/retry-policy.ts';
import { VERSION } from '../version.ts';
import type { NotifyTarget } from './targets.ts';

export interface PostOptions {
  /** Per-attempt timeout; default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?: (text: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export async function postJson(target: NotifyTarget, body: unknown, options: PostOptions = {}): Promise<void> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // The whole URL and its path (Slack's secret) are blanked from anything a failure says.
  const secrets = [target.url, new URL(target.url).pathname + new URL(target.url).search].filter((s) => s.length > 1);
  const init: RequestInit = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': `pitwall/${VERSION}` },
    body: JSON.stringify(body),
    redirect: 'error',
  };
  for (let attempt = 1; ; attempt++) {
    let status: number | null = null;
    let headers: Headers | null = null;
    let message: string;
    try {
      const response = await fetch(target.url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      if (response.ok) {
        await response.arrayBuffer();
        return;
      }
      status = response.status;
      headers = response.headers;
      message = (await response.text()).slice(0, 200) || response.statusText;
    } catch (cause) {
      const error = cause as Error & { cause?: { code?: string; message?: string } };
      message = error.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (error.cause?.code ?? error.cause?.message ?? error.message);
    }
    message = redactSecrets(message, secrets);
    const decision = decideRetry({ status, headers, message, attempt, now: Date.now() }, policy);
    if (!decision.retry) {
      const what = status === null ? message : `HTTP ${status}: ${message}`;
      throw new PitwallError('NOTIFY_FAILED', `Cannot post to the ${target.kind} ${target.label} (${target.key}) after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${what}`, {
        hint: status !== null && status < 500 && status !== 429
          ? 'The receiver refused the message: check the URL (a revoked Slack webhook answers 403, 404 or 410)'
          : 'The receiver is down or slow; nothing is recorded for it, so the next "pitwall notify" posts again',
      });
    }
    options.onRetry?.(`${target.kind} ${target.label}: ${decision.reason}; trying again in ${(decision.waitMs / 1000).toFixed(1)} s`);
    await sleep(decision.waitMs);
  }
}
