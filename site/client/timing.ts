/**
 * Performance marks for measurements (test/bench/site.bench.ts reads them):
 * pitwall:overview when the overview rows are drawn, pitwall:render:<canvas id>
 * after each chart render.
 */
export function markDrawn(name: string): void {
  // Only the newest mark of a name is kept, so that a long session does not pile them up.
  performance.clearMarks(`pitwall:${name}`);
  performance.mark(`pitwall:${name}`);
}
