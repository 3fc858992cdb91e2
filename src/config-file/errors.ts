/**
 * What goes wrong with an INTEGRATIONS_FILE, said in one line a person can act on:
 * `integrations.yaml:12 integrations[0].config.url: Invalid URL`. Issues name the file, the line
 * and the field path, never the value (the value may be a secret substituted from the
 * environment).
 */

export type FieldPath = readonly (string | number)[];

export interface FileIssue {
  path: FieldPath;
  message: string;
  /** 1-based line in the file, when the path (or one of its parents) exists there. */
  line?: number | undefined;
}

/** How many issues one message lists before saying "and N more". */
const maxListedIssues = 5;

export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
  readonly file: string;
  readonly issues: FileIssue[];

  constructor(file: string, issues: FileIssue[]) {
    super(formatIssues(file, issues));
    this.file = file;
    this.issues = issues;
  }
}

/** `integrations[0].config.url` — the way the field looks in the YAML. */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
  return text;
}

export function formatIssue(file: string, issue: FileIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}`;
  const field = formatPath(issue.path);
  return `${where}${field ? ` ${field}` : ''}: ${issue.message}`;
}

function formatIssues(file: string, issues: FileIssue[]): string {
  if (issues.length === 0) return `${file}: invalid configuration file`;
  const listed = issues.slice(0, maxListedIssues).map((issue) => formatIssue(file, issue));
  const more = issues.length - listed.length;
  return `invalid configuration file: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
