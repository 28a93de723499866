// The dashboard is an Astro site whose sources live in site/. `pitwall build`
// sets the variables below; a bare `astro build` needs PITWALL_SITE_MODEL.
//   PITWALL_SITE_MODEL  JSON file holding the SiteModel (required)
//   PITWALL_SITE_DETAILS  JSON Lines of the series' details when the model leaves them out (optional)
//   PITWALL_BASE        URL path the site is served under, e.g. /parser/
//   PITWALL_OUT_DIR     output folder (default dist)
//   PITWALL_NOTES_DIR   folder of MDX notes (optional)
//   PITWALL_SITE_URL    public address, for absolute links in the Atom feed (optional)
//   PITWALL_CACHE_DIR   Astro's cache folder, so that builds side by side do not share one (optional)
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { safeNotesPlugin } from './site/lib/safe-notes.ts';
import { shardFiles } from './site/lib/shard-files-integration.ts';

const base = process.env.PITWALL_BASE ?? '/';
const site = process.env.PITWALL_SITE_URL;
const cacheDir = process.env.PITWALL_CACHE_DIR;

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: process.env.PITWALL_OUT_DIR ?? './dist',
  ...(site ? { site } : {}),
  ...(cacheDir ? { cacheDir } : {}),
  base,
  trailingSlash: 'always',
  // Notes come from the results branch: no scripts, raw HTML or imports in them.
  markdown: { processor: satteri({ mdastPlugins: [safeNotesPlugin] }) },
  integrations: [mdx(), shardFiles()],
  build: { format: 'directory', inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
  vite: {
    ...(cacheDir ? { cacheDir: `${cacheDir}/vite` } : {}),
    build: {
      chunkSizeWarningLimit: 400,
      rollupOptions: {
        // Astro marks compiled MDX with a directive the bundler cannot keep; it is harmless and repeats per note.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  },
});
