/** The shape of an adapter: one per benchmark harness output format. */
import type { BenchMeasurement } from '../bench/contract.ts';

/** A benchmark the harness itself reported as failed (a panic, a FAILED line, an error entry). */
export interface BenchFailure {
  /** The file (or stream name) the output came from. */
  source: string;
  /** 1-based line of the report in a text output; 0 where the output has no lines to point at (JSON). */
  line: number;
  message: string;
}

export interface ParsedOutput {
  measurements: BenchMeasurement[];
  failures: BenchFailure[];
}

export interface Adapter {
  /** The harness and the output it reads, for `pitwall convert --help`. */
  title: string;
  /** A suite command writing this output to "$2", the path pitwall reads. */
  example: string;
  /** Cheap test on the text: true when it looks like this format. Never throws. */
  detect(text: string): boolean;
  /**
   * Reads every measurement in `text`. `source` names the file in errors.
   * Throws an AdapterError (ADAPTER_PARSE_FAILED, ADAPTER_NO_RESULTS) rather than
   * return nothing: an empty result is never silent.
   */
  parse(text: string, source: string): ParsedOutput;
}
