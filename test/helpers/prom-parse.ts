/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: it throws
 * on anything a Prometheus server would reject or that breaks the format's rules — bad names,
 * bad escapes, a sample before its TYPE, a family split in two, duplicate series, histogram
 * buckets that are not cumulative or lack `+Inf`, a `_count` that differs from the `+Inf` bucket.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export class ExpositionError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/** Family a sample belongs to: histogram/summary samples carry a suffix. */
function familyOf(sampleName: string, families: Map<string, MetricFamily>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sampleName.endsWith(suffix)) {
      const base = sampleName.slice(0, -suffix.length);
      const family = families.get(base);
      if (family && (family.type === 'histogram' || (family.type === 'summary' && suffix !== '_bucket'))) return base;
    }
  }
  return sampleName;
}

function parseValue(text: string, line: number): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new ExpositionError(line, `invalid value "${text}"`);
  return Number(text);
}

function unescape(text: string, line: number, allowQuote: boolean): string {
  return text.replace(/\\(.)/g, (_match, next: string) => {
    if (next === '\\') return '\\';
    if (next === 'n') return '\n';
    if (next === '"' && allowQuote) return '"';
    throw new ExpositionError(line, `invalid escape \\${next}`);
  });
}

/** Parses `{a="1",b="2"}` starting at `text[0] === '{'`; returns labels and the rest of the line. */
function parseLabels(text: string, line: number): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let index = 1;
  for (;;) {
    while (text[index] === ' ') index += 1;
    if (text[index] === '}') return { labels, rest: text.slice(index + 1) };
    const nameMatch = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(index));
    if (!nameMatch) throw new ExpositionError(line, `invalid label name at "${text.slice(index, index + 20)}"`);
    const name = nameMatch[0];
    index += name.length;
    if (text[index] !== '=' || text[index + 1] !== '"') throw new ExpositionError(line, `expected ="…" after label ${name}`);
    index += 2;
    let raw = '';
    for (;;) {
      const char = text[index];
      if (char === undefined) throw new ExpositionError(line, `unterminated value of label ${name}`);
      if (char === '\\') {
        raw += char + (text[index + 1] ?? '');
        index += 2;
        continue;
      }
      if (char === '"') break;
      raw += char;
      index += 1;
    }
    index += 1;
    if (Object.hasOwn(labels, name)) throw new ExpositionError(line, `duplicate label ${name}`);
    if (!labelName.test(name) || name.startsWith('__')) throw new ExpositionError(line, `reserved or invalid label name ${name}`);
    labels[name] = unescape(raw, line, true);
    while (text[index] === ' ') index += 1;
    if (text[index] === ',') index += 1;
    else if (text[index] !== '}') throw new ExpositionError(line, `expected , or } after label ${name}`);
  }
}

export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const finished = new Set<string>();
  const series = new Set<string>();
  let current: string | undefined;
  if (text.length > 0 && !text.endsWith('\n')) throw new ExpositionError(text.split('\n').length, 'the exposition must end with a newline');
  const lines = text.split('\n');
  lines.forEach((content, position) => {
    const line = position + 1;
    if (content.trim() === '') return;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(content);
    if (meta) {
      const [, keyword, name, rest = ''] = meta;
      if (!metricName.test(name!)) throw new ExpositionError(line, `invalid metric name ${name}`);
      if (finished.has(name!)) throw new ExpositionError(line, `${name} appears again after other metrics`);
      if (current !== undefined && current !== name) finished.add(current);
      current = name!;
      let family = families.get(name!);
      if (keyword === 'HELP') {
        if (family?.help !== undefined) throw new ExpositionError(line, `second HELP for ${name}`);
        family ??= { name: name!, type: 'untyped', samples: [] };
        family.help = unescape(rest, line, false);
      } else {
        if (!types.has(rest as MetricType)) throw new ExpositionError(line, `unknown type "${rest}" for ${name}`);
        if (family && (family.samples.length > 0 || (family as { typed?: boolean }).typed)) throw new ExpositionError(line, `TYPE for ${name} after its samples or twice`);
        family ??= { name: name!, type: 'untyped', samples: [] };
        family.type = rest as MetricType;
        (family as { typed?: boolean }).typed = true;
      }
      families.set(name!, family);
      return;
    }
    if (content.startsWith('#')) return;
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(content);
    if (!nameMatch) throw new ExpositionError(line, `invalid sample "${content.slice(0, 40)}"`);
    const sampleName = nameMatch[0];
    let rest = content.slice(sampleName.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, line));
    const parts = rest.trim().split(/\s+/);
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2 || parts[0] === '') throw new ExpositionError(line, `expected "value [timestamp]" after ${sampleName}`);
    const value = parseValue(parts[0]!, line);
    const timestamp = parts[1] === undefined ? undefined : Number(parts[1]);
    if (timestamp !== undefined && !/^-?\d+$/.test(parts[1]!)) throw new ExpositionError(line, `invalid timestamp ${parts[1]}`);
    const familyName = familyOf(sampleName, families);
    if (finished.has(familyName)) throw new ExpositionError(line, `${familyName} appears again after other metrics`);
    if (current !== undefined && current !== familyName) finished.add(current);
    current = familyName;
    let family = families.get(familyName);
    if (!family) families.set(familyName, (family = { name: familyName, type: 'untyped', samples: [] }));
    const key = `${sampleName}${JSON.stringify(Object.entries(labels).sort())}`;
    if (series.has(key)) throw new ExpositionError(line, `duplicate series ${sampleName} ${JSON.stringify(labels)}`);
    series.add(key);
    if (family.type === 'histogram' && sampleName.endsWith('_bucket') && labels.le === undefined) throw new ExpositionError(line, `histogram bucket without le`);
    if (family.type === 'summary' && sampleName === familyName && labels.quantile === undefined) throw new ExpositionError(line, `summary sample without quantile`);
    if (family.type === 'counter' && !(value >= 0)) throw new ExpositionError(line, `negative counter ${sampleName}`);
    family.samples.push({ name: sampleName, labels, value, ...(timestamp === undefined ? {} : { timestamp }) });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

/** Per label set: buckets cumulative by le, a +Inf bucket equal to _count, and a _sum. */
function checkHistogram(family: MetricFamily): void {
  const groups = new Map<string, { buckets: [number, number][]; count?: number; sum?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (sample.name.endsWith('_bucket')) group.buckets.push([parseValue(le!, 0), sample.value]);
    else if (sample.name.endsWith('_count')) group.count = sample.value;
    else if (sample.name.endsWith('_sum')) group.sum = sample.value;
  }
  for (const [key, group] of groups) {
    const sorted = [...group.buckets].sort((a, b) => a[0] - b[0]);
    for (let index = 1; index < sorted.length; index += 1) {
      if (sorted[index]![1] < sorted[index - 1]![1]) throw new ExpositionError(0, `${family.name}${key}: buckets are not cumulative`);
    }
    const infinite = sorted.at(-1);
    if (!infinite || infinite[0] !== Infinity) throw new ExpositionError(0, `${family.name}${key}: no le="+Inf" bucket`);
    if (group.count === undefined || group.sum === undefined) throw new ExpositionError(0, `${family.name}${key}: _count or _sum missing`);
    if (group.count !== infinite[1]) throw new ExpositionError(0, `${family.name}${key}: _count ${group.count} differs from the +Inf bucket ${infinite[1]}`);
  }
}

/** The one sample of `name` whose labels include `labels`, or undefined. */
export function findSample(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): Sample | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) return sample;
    }
  }
  return undefined;
}
