/**
 * Every adapter, by the name a suite's `format` uses. Adding a harness is one
 * file plus one entry here (and its real outputs under test/fixtures/adapters).
 */
import { UsageError } from '../../results/errors.ts';
import type { Adapter, ParsedOutput } from './adapter.ts';
import { asv } from './asv.ts';
import { benchmarkDotNet } from './benchmarkdotnet.ts';
import { benchmarkJs } from './benchmarkjs.ts';
import { catch2 } from './catch2.ts';
import { criterion } from './criterion.ts';
import { goTest } from './go-test.ts';
import { googleBenchmark } from './google-benchmark.ts';
import { hyperfine } from './hyperfine.ts';
import { jmh } from './jmh.ts';
import { libtest } from './libtest.ts';
import { pytestBenchmark } from './pytest-benchmark.ts';

export type { Adapter, BenchFailure, ParsedOutput } from './adapter.ts';
export type { BenchMeasurement } from '../bench/contract.ts';
export { AdapterError } from './adapter-error.ts';

export const adapters = {
  criterion,
  libtest,
  'google-benchmark': googleBenchmark,
  catch2,
  'go-test': goTest,
  jmh,
  benchmarkdotnet: benchmarkDotNet,
  benchmarkjs: benchmarkJs,
  'pytest-benchmark': pytestBenchmark,
  hyperfine,
  asv,
} satisfies Record<string, Adapter>;

export type AdapterName = keyof typeof adapters;

export const ADAPTER_NAMES = Object.keys(adapters) as AdapterName[];

/**
 * The order `auto` tries the formats in: JSON formats with distinctive keys
 * first, then console formats, Criterion before libtest because a `cargo bench`
 * of a workspace may print both and the Criterion reader takes both.
 */
const DETECTION_ORDER: readonly AdapterName[] = [
  'google-benchmark', 'jmh', 'benchmarkdotnet', 'pytest-benchmark', 'hyperfine', 'asv',
  'criterion', 'catch2', 'go-test', 'libtest', 'benchmarkjs',
];

export function isAdapterName(name: string): name is AdapterName {
  return Object.hasOwn(adapters, name);
}

/** The adapter for a format name; UsageError UNKNOWN_FORMAT listing the names otherwise. */
export function getAdapter(name: string): Adapter {
  if (!isAdapterName(name)) {
    throw new UsageError('UNKNOWN_FORMAT', `Unknown output format "${name}"`, {
      hint: `Use one of: ${ADAPTER_NAMES.join(', ')}, or "auto" to detect it`,
    });
  }
  return adapters[name];
}

/** The first format whose `detect` accepts the text, or undefined. */
export function detectFormat(text: string): AdapterName | undefined {
  return DETECTION_ORDER.find((name) => adapters[name].detect(text));
}

/**
 * The format to read `text` with: `format` itself when it names an adapter, the
 * detected one for `auto`. UsageError UNKNOWN_FORMAT or FORMAT_NOT_DETECTED otherwise.
 */
export function resolveFormat(format: string, text: string, source: string): AdapterName {
  if (format !== 'auto') {
    getAdapter(format);
    return format as AdapterName;
  }
  const detected = detectFormat(text);
  if (detected === undefined) {
    throw new UsageError('FORMAT_NOT_DETECTED', `Cannot tell which benchmark harness wrote "${source}": it looks like none of ${ADAPTER_NAMES.join(', ')}`, {
      hint: 'Set the suite\'s "format" to the harness that wrote it (run "pitwall convert --help" for the list), or to "pitwall" for the bench-script contract',
    });
  }
  return detected;
}

/** Reads `text` with the named adapter, or with the detected one for `auto`. */
export function parseWithFormat(format: AdapterName | 'auto' | (string & {}), text: string, source: string): ParsedOutput {
  return adapters[resolveFormat(format, text, source)].parse(text, source);
}
