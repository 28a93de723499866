import type { APIRoute, GetStaticPaths } from 'astro';
import { getSiteData } from '../../../lib/site-data.ts';

export const getStaticPaths = (() => getSiteData().commits.shards.map((_, i) => ({ params: { shard: String(i) } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => Response.json(getSiteData().commits.shards[Number(params['shard'])]);
