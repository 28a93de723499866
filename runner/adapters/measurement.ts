/**
 * One measurement as a bench script reports it: the shape of a line of the
 * bench-script contract. Kept identical to `BenchMeasurement` of the runner's
 * bench contract so adapters and bench scripts feed the same pipeline.
 */
export interface BenchMeasurement {
  metric: string;
  value?: number;
  samples?: number[];
  unit?: string;
  direction?: -1 | 0 | 1;
}
