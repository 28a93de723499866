/**
 * pitwall.yaml text -> ConfigFile, or a ConfigError listing every problem with
 * its line and column. No file system: load-config.ts reads the file.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { checkRelations, type RelationOptions } from './check-relations.ts';
import { ConfigError, formatValuePath, type ConfigProblem, type PathIssue } from './config-error.ts';
import { describeIssues } from './describe-issues.ts';
import { locateIssue } from './locate-in-yaml.ts';
import { ConfigFileSchema, type ConfigFile } from './schema.ts';

function describeSyntaxErrors(doc: Document, lineCounter: LineCounter, file: string): ConfigProblem[] {
  return [...doc.errors, ...doc.warnings].map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { file, line, column: col, path: '', message: error.message };
  });
}

function toProblems(doc: Document, lineCounter: LineCounter, file: string, issues: readonly PathIssue[]): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = formatValuePath(issue.path);
    // A value can fail several checks of one field (type, then range): its first phrase says it all.
    const id = `${issue.at} ${path}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const { line, column } = locateIssue(doc, lineCounter, issue);
    problems.push({ file, line, column, path, message: issue.message });
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Parses and validates the text of a config file. `file` names it in messages.
 * Throws ConfigError CONFIG_SYNTAX for YAML that does not parse, CONFIG_INVALID
 * for anything the schema or the cross-field checks reject.
 */
export interface ParseConfigOptions extends RelationOptions {
  /** Problems found outside the text (set-up checks on the file system), reported with the others at their positions. */
  extraIssues?: readonly PathIssue[] | undefined;
}

/** The plain value of the text, or undefined when it does not parse (parseConfigText reports that). */
export function readRawConfig(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  try {
    return doc.toJS() ?? {};
  } catch {
    return undefined;
  }
}

export function parseConfigText(text: string, file: string, options: ParseConfigOptions = {}): ConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0 || doc.warnings.length > 0) throw new ConfigError('CONFIG_SYNTAX', file, describeSyntaxErrors(doc, lineCounter, file));
  let raw: unknown;
  try {
    // An empty file (or one with only comments) is an empty mapping: every setting has a default.
    raw = doc.toJS() ?? {};
  } catch (cause) {
    // Alias loops and alias bombs are only found when the document is expanded.
    const problem = { file, line: 1, column: 1, path: '', message: cause instanceof Error ? cause.message : String(cause) };
    throw new ConfigError('CONFIG_SYNTAX', file, [problem], { cause });
  }
  const result = ConfigFileSchema.safeParse(raw);
  const issues = [...(result.success ? [] : describeIssues(result.error.issues, raw, ConfigFileSchema)), ...checkRelations(raw, options)];
  const extra = options.extraIssues ?? [];
  if (issues.length > 0 || !result.success) throw new ConfigError('CONFIG_INVALID', file, toProblems(doc, lineCounter, file, [...issues, ...extra]));
  if (extra.length > 0) throw new ConfigError('SUITE_SETUP_INVALID', file, toProblems(doc, lineCounter, file, extra));
  return result.data;
}
