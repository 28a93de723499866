/**
 * Fitting a markdown report under GitHub's body limit for comments (65,536
 * characters). The report keeps its beginning (summary, regressions,
 * improvements, warnings come first) and ends with a link to the full report.
 */

export const GITHUB_BODY_LIMIT = 65_536;

export interface TruncateOptions {
  limit?: number;
  /** Where the whole report can be read; the notice links to it. */
  fullReportUrl: string | null;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * Returns the body unchanged when it fits. Otherwise cuts it at a line break,
 * closes any `<details>` left open (an unclosed one would swallow the notice)
 * and appends a notice with the link.
 */
export function truncateBody(body: string, options: TruncateOptions): { body: string; truncated: boolean } {
  const limit = options.limit ?? GITHUB_BODY_LIMIT;
  if (body.length <= limit) return { body, truncated: false };
  const link = options.fullReportUrl === null ? '' : ` [Read the full report](${options.fullReportUrl}).`;
  const notice = (shown: number) =>
    `\n\n> [!NOTE]\n> This report was cut to fit GitHub's ${limit.toLocaleString('en-US')}-character limit: ${shown.toLocaleString('en-US')} of ${body.length.toLocaleString('en-US')} characters shown.${link}\n`;
  // Room for the notice with the longest numbers, and for closing every <details> tag.
  const closing = '\n</details>';
  const opened = count(body, /<details[\s>]/g);
  const budget = limit - notice(body.length).length - opened * closing.length;
  if (budget <= 0) return { body: notice(0).trimStart().slice(0, limit), truncated: true };
  let cut = body.lastIndexOf('\n', budget);
  if (cut <= 0) cut = budget;
  let kept = body.slice(0, cut);
  const open = Math.max(0, count(kept, /<details[\s>]/g) - count(kept, /<\/details>/g));
  kept += closing.repeat(open);
  return { body: kept + notice(cut), truncated: true };
}
