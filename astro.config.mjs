// The dashboard is an Astro site whose sources live in site/. `pitwall build`
// sets the variables below; a bare `astro build` needs PITWALL_SITE_MODEL.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

const base = process.env.PITWALL_BASE ?? '/';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: process.env.PITWALL_OUT_DIR ?? './dist',
  base,
  trailingSlash: 'always',
  integrations: [mdx()],
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
