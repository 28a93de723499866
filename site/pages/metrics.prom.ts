import type { APIRoute } from 'astro';
import { getSiteModel } from '../lib/load-model.ts';
import { formatMetricsProm, METRICS_CONTENT_TYPE } from '../lib/metrics-prom.ts';

export const GET: APIRoute = () => new Response(formatMetricsProm(getSiteModel()), { headers: { 'content-type': METRICS_CONTENT_TYPE } });
