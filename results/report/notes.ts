/**
 * MDX notes: files with YAML frontmatter naming the metrics and commits they
 * are about. They come from the results branch (notes/) or from a folder of
 * the repository named in pitwall.yaml, and are reviewed like code.
 *
 *   ---
 *   title: Parser got slower on purpose
 *   metrics: ["parse/**"]        # metric globs or series ids (machine/suite/metric)
 *   commits: [1a2b3c4]
 *   date: 2026-11-24
 *   ---
 *   The new validator costs 8 % on small inputs; see #123.
 */
import { parse } from 'yaml';
import { UsageError } from '../errors.ts';
import { compileGlob } from '../metric-rules.ts';
import type { NoteView } from './model.ts';

export interface NoteSource {
  /** File name, e.g. "parser-validator.mdx". */
  name: string;
  text: string;
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/** Resolves the note's metric globs against the series ids it may name. */
export function parseNote(source: NoteSource, seriesIds: readonly string[]): NoteView {
  const match = FRONTMATTER.exec(source.text);
  let meta: Record<string, unknown> = {};
  if (match !== null) {
    try {
      const parsed: unknown = parse(match[1] ?? '');
      if (parsed !== null && typeof parsed === 'object') meta = parsed as Record<string, unknown>;
    } catch (cause) {
      throw new UsageError('NOTE_INVALID', `Invalid frontmatter in note "${source.name}": ${(cause as Error).message.split('\n')[0]}`, {
        hint: 'The block between the two "---" lines must be YAML with title, metrics, commits and date',
        cause,
      });
    }
  }
  const patterns = strings(meta['metrics']);
  const metrics = seriesIds.filter((id) => {
    const metric = id.split('/').slice(2).join('/');
    return patterns.some((p) => p === id || compileGlob(p).test(metric));
  });
  const slug = source.name.replace(/\.(mdx|md)$/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return {
    slug,
    title: typeof meta['title'] === 'string' ? meta['title'] : slug,
    metrics,
    commits: strings(meta['commits']),
    date: meta['date'] instanceof Date ? meta['date'].toISOString().slice(0, 10) : (typeof meta['date'] === 'string' ? meta['date'] : null),
    body: match === null ? source.text : source.text.slice(match[0].length),
  };
}
