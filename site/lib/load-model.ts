/**
 * The build's one input: the SiteModel JSON named by PITWALL_SITE_MODEL.
 * Read and checked once per build; every page and data file uses the same
 * object. The model is written by pitwall itself, so the check is of its
 * shape (the arrays the pages walk), not of every number.
 */
import { readFileSync } from 'node:fs';
import { PitwallError } from '../../results/errors.ts';
import type { SiteModel } from '../../results/report/model.ts';

const REQUIRED_ARRAYS = ['commits', 'series', 'details', 'changes', 'runs', 'machines', 'notes'] as const;

/**
 * Parses model JSON; throws SITE_MODEL_INVALID naming the file and the missing part.
 * With `separateDetails` the model may leave its details out (empty): they come
 * from a JSON Lines file beside it (PITWALL_SITE_DETAILS).
 */
export function parseSiteModel(text: string, file: string, separateDetails = false): SiteModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new PitwallError('SITE_MODEL_INVALID', `Cannot read the site model "${file}": not valid JSON (${(cause as Error).message})`, {
      hint: 'Write the model with "pitwall build", which produces it from the results branch',
      cause,
    });
  }
  const invalid = (what: string) =>
    new PitwallError('SITE_MODEL_INVALID', `Cannot read the site model "${file}": ${what}`, { hint: 'Rebuild the model with the same pitwall version as the site' });
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('the top level is not an object');
  const record = parsed as Record<string, unknown>;
  for (const key of REQUIRED_ARRAYS) if (!Array.isArray(record[key])) throw invalid(`"${key}" is not an array`);
  if (typeof record['title'] !== 'string') throw invalid('"title" is not a string');
  if (typeof record['logs'] !== 'object' || record['logs'] === null) throw invalid('"logs" is not an object');
  const model = parsed as SiteModel;
  if (separateDetails && model.details.length === 0) return model;
  if (model.details.length !== model.series.length) throw invalid(`${model.series.length} series but ${model.details.length} details`);
  model.series.forEach((s, i) => {
    if (typeof s.id !== 'string' || model.details[i]?.id !== s.id) throw invalid(`series ${i} ("${String(s.id)}") has no matching details`);
  });
  return model;
}

/** Reads and checks a model file; throws SITE_MODEL_MISSING when it cannot be read. */
export function readSiteModel(file: string, separateDetails = false): SiteModel {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PitwallError('SITE_MODEL_MISSING', `Cannot read the site model "${file}": ${(cause as NodeJS.ErrnoException).code ?? 'unreadable'}`, {
      hint: 'Build the site with "pitwall build", or set PITWALL_SITE_MODEL to a model JSON file',
      cause,
    });
  }
  return parseSiteModel(text, file, separateDetails);
}

let cached: { file: string; model: SiteModel } | undefined;

/** The model of this build, from PITWALL_SITE_MODEL (read on first use). */
export function getSiteModel(env: NodeJS.ProcessEnv = process.env): SiteModel {
  const file = env['PITWALL_SITE_MODEL'];
  if (file === undefined || file === '') {
    throw new PitwallError('SITE_MODEL_MISSING', 'Cannot build the site: PITWALL_SITE_MODEL is not set', {
      hint: 'Run "pitwall build", which computes the model from the results branch and builds the site',
    });
  }
  if (cached?.file !== file) cached = { file, model: readSiteModel(file, (env['PITWALL_SITE_DETAILS'] ?? '') !== '') };
  return cached.model;
}
