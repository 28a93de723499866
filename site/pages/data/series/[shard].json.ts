import type { APIRoute, GetStaticPaths } from 'astro';
import { getSiteData } from '../../../lib/site-data.ts';

export const getStaticPaths = (() => getSiteData().series.shards.map((_, i) => ({ params: { shard: String(i) } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => Response.json(getSiteData().series.shards[Number(params['shard'])]);
