import type { APIRoute } from 'astro';
import { getSiteModel } from '../lib/load-model.ts';
import { buildRegressionsJson } from '../lib/regressions-feed.ts';

export const GET: APIRoute = ({ site }) => Response.json(buildRegressionsJson(getSiteModel(), { base: import.meta.env.BASE_URL, site: site === undefined ? null : site.toString() }));
