/**
 * Writes data/series/<n>.json and data/commits/<n>.json of a built site from
 * the details of every series, streamed one series at a time (from the model,
 * or from the JSON Lines file `pitwall build` writes beside it), so the
 * build's memory follows the largest series, not the history. Runs after
 * Astro has written the pages (see astro.config.mjs): the number of pages
 * Astro renders does not grow with the number of series.
 */
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PitwallError } from '../../results/errors.ts';
import type { SeriesDetail } from '../../results/report/model.ts';
import { createCommitShardWriter, createMemoryValueStore, type CommitValueStore } from './build-commit-files.ts';
import { createSeriesShardWriter } from './build-series-files.ts';
import type { CommitShardFile, SeriesShardFile } from './data-files.ts';
import type { SiteData } from './site-data.ts';

/** The model's own details in ordinal order (a model built in memory, as tests and small sites have). */
export function* modelDetails(data: SiteData): Generator<SeriesDetail> {
  const { model, series } = data;
  if (model.details.length !== model.series.length) {
    throw new PitwallError('SITE_MODEL_INVALID', `Cannot write the series data: the model has ${model.series.length} series but ${model.details.length} details`, {
      hint: 'Set PITWALL_SITE_DETAILS to the details file "pitwall build" wrote, or build with "pitwall build"',
    });
  }
  for (const i of series.order) yield model.details[i] as SeriesDetail;
}

/** Details from a JSON Lines file, one SeriesDetail per line in ordinal order. */
export async function* readDetailsFile(file: string): AsyncGenerator<SeriesDetail> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text === '') continue;
    try {
      yield JSON.parse(text) as SeriesDetail;
    } catch (cause) {
      throw new PitwallError('SITE_MODEL_INVALID', `Cannot read the series details "${file}": line ${line} is not valid JSON`, {
        hint: 'The file was cut short or damaged; build again with "pitwall build"',
        cause,
      });
    }
  }
}

export interface ShardFileCounts {
  series: number;
  commits: number;
}

/** Streams the details through both shard writers, handing each finished file to `emit`. */
export async function forEachShardFile(
  data: SiteData,
  details: Iterable<SeriesDetail> | AsyncIterable<SeriesDetail>,
  emit: (kind: 'series' | 'commits', shard: number, file: SeriesShardFile | CommitShardFile) => void,
  store: CommitValueStore = createMemoryValueStore(),
): Promise<ShardFileCounts> {
  const counts: ShardFileCounts = { series: 0, commits: 0 };
  const seriesWriter = createSeriesShardWriter(data.model, data.series, (shard, file) => {
    emit('series', shard, file);
    counts.series++;
  });
  const commitWriter = createCommitShardWriter(data.model, data.commits, data.series.order.length, store);
  let ordinal = 0;
  for await (const detail of details) {
    seriesWriter.add(ordinal, detail);
    commitWriter.add(ordinal, detail);
    ordinal++;
  }
  seriesWriter.finish();
  for (const [shard, file] of commitWriter.shards()) {
    emit('commits', shard, file);
    counts.commits++;
  }
  return counts;
}

/** Writes the shard files under `<outDir>/data/`. */
export async function writeShardFiles(data: SiteData, details: Iterable<SeriesDetail> | AsyncIterable<SeriesDetail>, outDir: string, store?: CommitValueStore): Promise<ShardFileCounts> {
  mkdirSync(join(outDir, 'data', 'series'), { recursive: true });
  mkdirSync(join(outDir, 'data', 'commits'), { recursive: true });
  return await forEachShardFile(data, details, (kind, shard, file) => writeFileSync(join(outDir, 'data', kind, `${shard}.json`), JSON.stringify(file)), store);
}

/** Every shard file of a model built in memory (tests, small sites). */
export async function collectShardFiles(data: SiteData): Promise<{ series: SeriesShardFile[]; commits: CommitShardFile[] }> {
  const out = { series: [] as SeriesShardFile[], commits: [] as CommitShardFile[] };
  await forEachShardFile(data, modelDetails(data), (kind, shard, file) => {
    if (kind === 'series') out.series[shard] = file as SeriesShardFile;
    else out.commits[shard] = file as CommitShardFile;
  });
  return out;
}
