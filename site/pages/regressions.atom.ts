import type { APIRoute } from 'astro';
import { getSiteModel } from '../lib/load-model.ts';
import { buildRegressionsFeed } from '../lib/regressions-feed.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(buildRegressionsFeed(getSiteModel(), { base: import.meta.env.BASE_URL, site: site === undefined ? null : site.toString() }), {
    headers: { 'content-type': 'application/atom+xml; charset=utf-8' },
  });
