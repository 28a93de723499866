/**
 * Keeping tokens out of everything pitwall prints or commits. GitHub Actions
 * masks secrets in its own log, but not in files pitwall writes: suite logs
 * land on the results branch, which anyone who can read the repository reads.
 */

/** Environment variables whose values are credentials. */
export const SECRET_ENV_NAMES = ['PITWALL_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const;

/** Shorter values are not treated as secrets: blanking "1" everywhere would hide more than it protects. */
const MIN_SECRET_LENGTH = 8;

export const REDACTED = '***';

/** The credential values present in an environment. */
export function listSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const values: string[] = [];
  for (const name of SECRET_ENV_NAMES) {
    const value = env[name];
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH) values.push(value);
  }
  return values;
}

/**
 * Replaces every occurrence of each secret, also in its URL-encoded form (as
 * it appears inside a URL), with `***`.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another is blanked whole.
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED);
  return out;
}
