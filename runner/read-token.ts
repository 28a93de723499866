/**
 * The one place pitwall reads the token that pushes results and talks to
 * GitHub's API. Suites are code under test: they never inherit the token, and
 * a process that runs suites should not have it in its environment at all,
 * since any process of the same user can read another's initial environment
 * from /proc/<pid>/environ. So the steps that push or publish run apart from
 * the steps that benchmark (see `pitwall fetch`, `pitwall push`, and
 * `pitwall compare --offline` without --run).
 */

/** Variables that may hold the token, in the order they are tried. */
export const TOKEN_ENV_NAMES = ['PITWALL_TOKEN', 'GITHUB_TOKEN'] as const;

/** The token for pushing and for the REST API: PITWALL_TOKEN wins over GITHUB_TOKEN. */
export function readToken(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of TOKEN_ENV_NAMES) {
    const value = env[name];
    if (value) return value;
  }
  return undefined;
}

/**
 * The warning for a process about to run suites with a token in its
 * environment, or null when there is none.
 */
export function tokenExposureWarning(env: Readonly<Record<string, string | undefined>>): string | null {
  const name = TOKEN_ENV_NAMES.find((n) => env[n]);
  if (name === undefined) return null;
  return `${name} is set in the environment of the process that runs the suites; suites do not inherit it, but one can read it from /proc/<pid>/environ. Benchmark without it ("pitwall run --no-push", "pitwall compare --run --offline") and push or publish in a separate step ("pitwall push", "pitwall compare --offline --comment --status")`;
}
