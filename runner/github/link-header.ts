/**
 * The `Link` response header GitHub uses for pagination:
 * `<https://api.github.com/...&page=2>; rel="next", <...&page=5>; rel="last"`.
 */

/** URLs by relation ("next", "last", "prev", "first"); empty for a missing or empty header. */
export function parseLinkHeader(header: string | null): Map<string, string> {
  const links = new Map<string, string>();
  if (header === null) return links;
  // Split on commas that start a new <url>: URLs may hold commas of their own.
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /^\s*<([^>]*)>\s*(.*)$/s.exec(part);
    if (match === null) continue;
    const [, url = '', params = ''] = match;
    const rel = /(?:^|;)\s*rel\s*=\s*"?([^";]+)"?/i.exec(params)?.[1];
    if (rel === undefined) continue;
    for (const name of rel.trim().split(/\s+/)) if (!links.has(name)) links.set(name, url);
  }
  return links;
}
