import type { APIRoute } from 'astro';
import { getSiteData } from '../../lib/site-data.ts';

export const GET: APIRoute = () => Response.json(getSiteData().runs.index);
