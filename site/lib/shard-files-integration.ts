/**
 * The Astro integration that writes the data shards once the pages are built
 * (write-shard-files.ts). The details come from PITWALL_SITE_DETAILS (JSON
 * Lines, written by `pitwall build`) or, without it, from the model itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { getSiteData } from './site-data.ts';
import { createSpillValueStore } from './spill-values.ts';
import { modelDetails, readDetailsFile, writeShardFiles } from './write-shard-files.ts';

export function shardFiles(): AstroIntegration {
  return {
    name: 'pitwall-shard-files',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const data = getSiteData();
        const detailsFile = process.env['PITWALL_SITE_DETAILS'];
        const details = detailsFile === undefined || detailsFile === '' ? modelDetails(data) : readDetailsFile(detailsFile);
        const store = createSpillValueStore(mkdtempSync(join(tmpdir(), 'pitwall-spill-')));
        try {
          const counts = await writeShardFiles(data, details, fileURLToPath(dir), store);
          logger.info(`wrote ${counts.series} series and ${counts.commits} commit data files`);
        } finally {
          store.close();
        }
      },
    },
  };
}
