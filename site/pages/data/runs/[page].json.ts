import type { APIRoute, GetStaticPaths } from 'astro';
import { getSiteData } from '../../../lib/site-data.ts';

export const getStaticPaths = (() => getSiteData().runs.pages.map((_, i) => ({ params: { page: String(i) } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => Response.json(getSiteData().runs.pages[Number(params['page'])]);
