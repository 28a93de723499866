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

/** Environment variables that may hold a URL with credentials in it. */
export const URL_ENV_NAMES = ['PITWALL_REMOTE'] as const;

/** The credential values present in an environment, also the passwords of URLs in it. */
export function listSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const values: string[] = [];
  for (const name of SECRET_ENV_NAMES) {
    const value = env[name];
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH) values.push(value);
  }
  for (const name of URL_ENV_NAMES) {
    const value = env[name];
    if (value !== undefined) values.push(...listUrlSecrets(value));
  }
  return values;
}

// scheme://userinfo@: greedy up to the last "@" of the authority, as URL parsers read it. Linear: the
// authority ends at the first "/", "?", "#" or space, so no input makes it backtrack far.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi;

/**
 * The credentials inside a URL (`https://user:secret@host`): the password, or a
 * userinfo without a password (`https://<token>@host`), raw and decoded, so
 * that they are blanked also where they appear outside the URL.
 */
export function listUrlSecrets(url: string): string[] {
  const values: string[] = [];
  for (const match of url.matchAll(URL_USERINFO)) {
    const userinfo = match[2] ?? '';
    const colon = userinfo.indexOf(':');
    const secret = colon === -1 ? userinfo : userinfo.slice(colon + 1);
    for (const form of [secret, safeDecode(secret)]) if (form.length >= MIN_SECRET_LENGTH && !values.includes(form)) values.push(form);
  }
  return values;
}

/**
 * Blanks the credentials of every URL in the text: `https://user:secret@host`
 * becomes `https://user:***@host` and `https://<token>@host` becomes
 * `https://***@host`, whatever their length.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon === -1 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Replaces every occurrence of each secret, also in its URL-encoded form (as
 * it appears inside a URL), with `***`; then the credentials of any URL.
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
  return redactUrlCredentials(out);
}
