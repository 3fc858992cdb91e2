/**
 * Text of an INTEGRATIONS_FILE → validated desired state, or a ConfigFileError whose issues name
 * the line and field. Steps: YAML syntax (with merge keys, so `<<: *defaults` works) → `${ENV}`
 * substitution in values → the file schema → desired state. Line numbers come from the parsed
 * document's source ranges, so they point at what the person wrote.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { substituteEnv } from './env-substitution.ts';
import { ConfigFileError, type FieldPath, type FileIssue } from './errors.ts';
import { configFileSchema } from './schema.ts';
import { toDesiredState, type DesiredState } from './desired-state.ts';

export interface LoadedConfigFile {
  file: string;
  state: DesiredState;
  /** Line of a field path (or of its nearest parent present in the file). */
  lineOf(path: FieldPath): number | undefined;
}

export async function readConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfigFile> {
  return parseConfigFile(await readConfigText(file), file, env);
}

/** The watcher acts only when this changes. */
export function hashContent(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ConfigFileError(file, [{ path: [], message: `cannot read INTEGRATIONS_FILE: ${reason}` }]);
  }
}

export function parseConfigFile(text: string, file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: true });
  const lineOf = (path: FieldPath) => locate(doc, lineCounter, path);

  if (doc.errors.length > 0) {
    // Only the first line of the parser's message: the rest quotes the file, which may hold secrets.
    throw new ConfigFileError(file, doc.errors.map((error) => ({
      path: [],
      line: error.linePos?.[0].line,
      message: `YAML syntax: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
    })));
  }
  if (doc.contents === null) {
    // Almost always a half-written file seen mid-save; acting on it would delete everything.
    throw new ConfigFileError(file, [{ path: [], line: 1, message: 'the file is empty (to manage nothing, write "integrations: []")' }]);
  }

  const substitutionIssues = substituteInPlace(doc, env, lineCounter);
  if (substitutionIssues.length > 0) throw new ConfigFileError(file, substitutionIssues);

  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // e.g. an alias bomb (excessive alias count): refuse it like any other bad file.
    throw new ConfigFileError(file, [{ path: [], message: `YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
  const parsed = configFileSchema.safeParse(withoutExtensionKeys(plain));
  if (!parsed.success) {
    throw new ConfigFileError(file, parsed.error.issues.flatMap((issue): FileIssue[] => {
      const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
      // Each unknown key is named and pointed at where it is written (usually a typo).
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], line: lineOf([...path, key]), message: 'is not a known field' }));
      return [{ path, line: lineOf(path), message: issue.message }];
    }));
  }
  return { file, state: toDesiredState(parsed.data), lineOf };
}

/**
 * Top-level keys starting with `x-` are ignored, as in docker compose: a place for YAML anchors
 * (`x-defaults: &defaults`) that entries merge with `<<: *defaults`.
 */
function withoutExtensionKeys(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('x-')));
}

/** Replaces `${NAME}` in every value (not in keys) and reports each missing variable with its line. */
function substituteInPlace(doc: Document, env: NodeJS.ProcessEnv, lineCounter: LineCounter): FileIssue[] {
  const issues: FileIssue[] = [];
  visit(doc, {
    Scalar(key, node, ancestry) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const result = substituteEnv(node.value, env);
      if (result.ok) {
        if (result.value !== node.value) node.value = result.value;
        return;
      }
      issues.push({ path: pathOf([...ancestry, node]), line: node.range ? lineCounter.linePos(node.range[0]).line : undefined, message: result.message });
    },
  });
  return issues;
}

/** The field path of a node from the ancestry `visit` gives (maps contribute keys, lists indexes). */
function pathOf(ancestry: readonly unknown[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (let i = 0; i < ancestry.length; i++) {
    const item = ancestry[i] as { items?: unknown[]; key?: unknown };
    const next = ancestry[i + 1];
    if (item && typeof item === 'object' && 'key' in item && 'value' in item) {
      const key = item.key;
      path.push(isScalar(key) ? String(key.value) : String(key));
    } else if (Array.isArray(item?.items) && next !== undefined && !(next && typeof next === 'object' && 'key' in next)) {
      path.push(item.items.indexOf(next));
    }
  }
  return path;
}

function locate(doc: Document, lineCounter: LineCounter, path: FieldPath): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}
