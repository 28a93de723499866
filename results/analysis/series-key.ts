/**
 * A series is one metric of one suite on one machine. Its key joins the three
 * with NUL, which no name can contain, so the key splits back unambiguously.
 */
export function seriesKey(machine: string, suite: string, metric: string): string {
  return `${machine}\u0000${suite}\u0000${metric}`;
}

export function parseSeriesKey(key: string): { machine: string; suite: string; metric: string } {
  const [machine = '', suite = '', ...rest] = key.split('\u0000');
  return { machine, suite, metric: rest.join('\u0000') };
}
