/**
 * Atom 1.0 (RFC 4287) as text. Every string is escaped, since titles and
 * content carry metric names and commit subjects from the results branch.
 */

export interface AtomEntry {
  /** A permanent IRI, e.g. urn:uuid:…; the same change keeps the same id in every build. */
  id: string;
  title: string;
  /** ISO 8601 date-time. */
  updated: string;
  href: string;
  /** Plain text; shown by feed readers as the entry's summary. */
  content: string;
  categories?: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: string;
  /** Address of the feed itself, and of the page it mirrors. */
  selfHref: string;
  alternateHref: string;
  author: string;
  entries: AtomEntry[];
}

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids outright (most C0 controls) cannot be escaped: they are dropped.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** RFC 3339 date-time as Atom requires; a value that is not a date falls back to `fallback`. */
export function formatAtomDate(value: string, fallback: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? fallback : new Date(time).toISOString();
}

export function formatAtomFeed(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
  ];
  if (feed.subtitle !== undefined) lines.push(`  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`);
  lines.push(
    `  <updated>${escapeXml(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfHref)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternateHref)}"/>`,
    `  <author><name>${escapeXml(feed.author)}</name></author>`,
    '  <generator>pitwall</generator>',
  );
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(entry.id)}</id>`,
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <updated>${escapeXml(entry.updated)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.href)}"/>`,
      ...(entry.categories ?? []).map((term) => `    <category term="${escapeXml(term)}"/>`),
      `    <content type="text">${escapeXml(entry.content)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
