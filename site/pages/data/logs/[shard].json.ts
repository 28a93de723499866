import type { APIRoute, GetStaticPaths } from 'astro';
import { getSiteData } from '../../../lib/site-data.ts';

export const getStaticPaths = (() => getSiteData().runs.logShards.map((_, i) => ({ params: { shard: String(i) } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => Response.json(getSiteData().runs.logShards[Number(params['shard'])]);
