/**
 * Finds where in the YAML text a value path points, so that each problem is
 * reported at its line and column. A value points at itself, an unknown key at
 * the key, and a missing key at the key of the mapping that should hold it.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PathIssue, ValuePath } from './config-error.ts';

export interface Position {
  line: number;
  column: number;
}

interface Step {
  node: Node | null;
  /** The key of the pair that holds `node`, null inside a list or at the root. */
  key: Node | null;
}

function resolve(doc: Document, node: unknown): Node | null {
  if (isAlias(node)) return node.resolve(doc) ?? null;
  return isNode(node) ? node : null;
}

function stepInto(doc: Document, parent: Node, part: string | number): Step | undefined {
  if (isMap(parent)) {
    const pair = parent.items.find((item) => {
      const key = isScalar(item.key) ? item.key.value : item.key;
      return String(key) === String(part);
    });
    if (pair === undefined) return undefined;
    return { node: resolve(doc, pair.value), key: isNode(pair.key) ? pair.key : null };
  }
  if (isSeq(parent) && typeof part === 'number') {
    const item = parent.items[part];
    return item === undefined ? undefined : { node: resolve(doc, item), key: null };
  }
  return undefined;
}

/** The steps from the root as far down `path` as the document goes. */
function walk(doc: Document, path: ValuePath): { steps: Step[]; complete: boolean } {
  const steps: Step[] = [{ node: resolve(doc, doc.contents), key: null }];
  for (const part of path) {
    const parent = steps.at(-1)?.node;
    const next = parent === null || parent === undefined ? undefined : stepInto(doc, parent, part);
    if (next === undefined) return { steps, complete: false };
    steps.push(next);
  }
  return { steps, complete: true };
}

function startOf(node: Node | null): number | undefined {
  return node?.range?.[0];
}

/** The offset a problem is reported at; 0 (line 1, column 1) when nothing better is known. */
function findOffset(doc: Document, issue: PathIssue): number {
  const { steps, complete } = walk(doc, issue.path);
  const last = steps.at(-1);
  if (last === undefined) return 0;
  if (complete) {
    const preferred = issue.at === 'key' ? (last.key ?? last.node) : (last.node ?? last.key);
    return startOf(preferred) ?? 0;
  }
  return startOf(last.key) ?? startOf(last.node) ?? 0;
}

export function locateIssue(doc: Document, lineCounter: LineCounter, issue: PathIssue): Position {
  const { line, col } = lineCounter.linePos(findOffset(doc, issue));
  return { line, column: col };
}
