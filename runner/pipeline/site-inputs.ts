/**
 * The notes and triage files the dashboard is built with, checked one file
 * at a time: a file that cannot be used is left out with a problem naming its
 * line and the fix, and the rest is used. `pitwall build` and `pitwall check`
 * both read them here, so what check reports is what the build would skip.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { NoteSource } from '../../results/report/notes.ts';
import { prepareNote } from '../../results/report/prepare-note.ts';
import type { InputProblem } from '../../results/report/input-problems.ts';
import { readNoteFiles, readTriageFiles } from '../../results/store/read-notes.ts';
import type { ResultsRepo } from '../../results/store/repo.ts';
import type { SkippedRunFile } from '../../results/store/read-history.ts';
import { checkTriageFile, type TriageEntry } from '../../results/triage.ts';
import type { ResolvedConfig } from '../config/resolved.ts';

export interface SiteInputs {
  /** Usable notes, rewritten into the form the site build reads (see prepareNote). */
  notes: NoteSource[];
  triage: TriageEntry[];
  /** Every problem found, in file order. */
  problems: InputProblem[];
  /** Files read: notes, triage files. */
  counts: { notes: number; triage: number };
}

const NOTE_FILE = /\.(mdx|md)$/;

export async function readSiteInputs(repo: ResultsRepo, repoDir: string, config: ResolvedConfig): Promise<SiteInputs> {
  const problems: InputProblem[] = [];
  const sources: { source: NoteSource; path: string }[] = (await readNoteFiles(repo)).map((f) => ({ source: { name: f.name, text: f.text }, path: f.path }));
  if (config.site.notes !== null) {
    const folder = resolve(repoDir, config.site.notes);
    let names: string[] = [];
    try {
      names = await readdir(folder);
    } catch (error) {
      // A configured folder that does not exist yet just has no notes.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const name of names.sort()) {
      if (NOTE_FILE.test(name)) sources.push({ source: { name, text: await readFile(join(folder, name), 'utf8') }, path: `${config.site.notes.replace(/\/+$/, '')}/${name}` });
    }
  }
  const notes: NoteSource[] = [];
  for (const { source, path } of sources) {
    const prepared = prepareNote(source, path);
    problems.push(...prepared.problems);
    if (prepared.note !== null) notes.push(prepared.note);
  }

  const triageFiles = await readTriageFiles(repo);
  const triage: TriageEntry[] = [];
  for (const file of triageFiles) {
    const checked = checkTriageFile(file.text, file.path);
    for (const p of checked.problems) problems.push({ file: file.path, line: p.line, column: p.column, message: p.message, hint: 'fix the file on the results branch, or write its entries again with "pitwall triage"', effect: 'skipped' });
    triage.push(...checked.entries);
  }
  return { notes, triage, problems, counts: { notes: sources.length, triage: triageFiles.length } };
}

/** A results file the history left out, as a problem for the site to list. */
export function toInputProblem(skipped: SkippedRunFile): InputProblem {
  return {
    file: skipped.path,
    line: skipped.line,
    message: skipped.message.replace(/^Cannot read results file "[^"]*": /, ''),
    hint: 'its run is left out of the dashboard; run "pitwall check" to list every problem, and fix or replace the tool that wrote the file',
    effect: 'skipped',
  };
}

/** The warning a build prints for a problem. */
export function describeSkipped(problem: InputProblem): string {
  return problem.effect === 'skipped' ? 'the file is left out of the site' : 'the rest of the file is shown';
}
