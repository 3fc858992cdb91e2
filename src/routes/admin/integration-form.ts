/**
 * The admin form of an integration or an alert channel, generated from the kind's zod schema:
 * its JSON Schema gives each field's type, description, default and choices; this module turns
 * that into input controls and submitted values back into config. Secret fields are write-only:
 * never pre-filled, an empty input keeps the stored value.
 */
import { z } from 'zod';
import type { CheckKind } from '../../checks/types.ts';
import { issuesFromZod, type Issue } from '../../http/errors.ts';
import type { FormValues } from '../../http/form.ts';

export type Control = 'text' | 'url' | 'textarea' | 'number' | 'checkbox' | 'select' | 'lines' | 'headers' | 'json';

export interface ConfigField {
  name: string;
  label: string;
  description: string | undefined;
  required: boolean;
  secret: boolean;
  control: Control;
  options: string[];
  defaultValue: unknown;
  /** For `lines`: how each line is read (numbers, strings, or numbers where they look like one). */
  items: 'string' | 'number' | 'mixed';
}

export type { FormValues };
export type FieldErrors = Record<string, string>;

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  description?: string;
  default?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
}

// Free text that is naturally several lines long.
const multiline = new Set(['body', 'ca']);

function label(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

function controlFor(name: string, schema: JsonSchema): Pick<ConfigField, 'control' | 'items' | 'options'> {
  const types = typesOf(schema);
  const plain = { items: 'string' as const, options: [] as string[] };
  if (schema.enum && schema.enum.every((value) => typeof value === 'string')) return { ...plain, control: 'select', options: schema.enum as string[] };
  if (types.length === 1 && types[0] === 'boolean') return { ...plain, control: 'checkbox' };
  if (types.length === 1 && (types[0] === 'integer' || types[0] === 'number')) return { ...plain, control: 'number' };
  if (types.length === 1 && types[0] === 'string') {
    if (schema.format === 'uri') return { ...plain, control: 'url' };
    return { ...plain, control: multiline.has(name) ? 'textarea' : 'text' };
  }
  if (types.length === 1 && types[0] === 'array' && schema.items) {
    const itemTypes = typesOf(schema.items);
    const primitive = itemTypes.length > 0 && itemTypes.every((type) => ['string', 'integer', 'number'].includes(type));
    if (primitive) {
      const numeric = itemTypes.filter((type) => type !== 'string').length;
      return { ...plain, control: 'lines', items: numeric === itemTypes.length ? 'number' : numeric > 0 ? 'mixed' : 'string' };
    }
  }
  if (types.length === 1 && types[0] === 'object' && typeof schema.additionalProperties === 'object' && typesOf(schema.additionalProperties).join() === 'string' && !schema.properties) {
    return { ...plain, control: 'headers' };
  }
  return { ...plain, control: 'json' };
}

/** What a form needs from a kind: check kinds and alert channel kinds both have it. */
export type FormKind = Pick<CheckKind, 'configSchema' | 'secretFields'>;

const fieldCache = new WeakMap<FormKind, ConfigField[]>();

export function configFieldsFor(kind: FormKind): ConfigField[] {
  const cached = fieldCache.get(kind);
  if (cached) return cached;
  const schema = z.toJSONSchema(kind.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]): ConfigField => ({
    name,
    label: label(name),
    description: property.description,
    required: required.has(name),
    secret: kind.secretFields.includes(name),
    defaultValue: property.default,
    ...controlFor(name, property),
  }));
  fieldCache.set(kind, fields);
  return fields;
}

/** Form values for a new item: checkboxes whose default is on start checked. */
export function defaultConfigValues(kind: FormKind): FormValues {
  const values: FormValues = {};
  for (const field of configFieldsFor(kind)) if (field.control === 'checkbox' && field.defaultValue === true) values[`config.${field.name}`] = 'on';
  return values;
}

/** Form values showing a stored (non-secret) config; secret fields are never filled in. */
export function storedConfigValues(kind: FormKind, config: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of configFieldsFor(kind)) {
    if (field.secret) continue;
    if (field.control === 'checkbox') {
      if ((config[field.name] ?? field.defaultValue) === true) values[`config.${field.name}`] = 'on';
    } else if (config[field.name] !== undefined) values[`config.${field.name}`] = inputValue(field, config[field.name]);
  }
  return values;
}

/** How a stored value appears in its input (secrets never get here). */
export function inputValue(field: ConfigField, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (field.control) {
    case 'lines':
      return Array.isArray(value) ? value.map(String).join('\n') : '';
    case 'headers':
      return typeof value === 'object' ? Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}: ${String(item)}`).join('\n') : '';
    case 'json':
      return JSON.stringify(value, null, 2);
    default:
      return String(value);
  }
}

function readField(field: ConfigField, raw: string): { value: unknown } | { error: string } {
  switch (field.control) {
    case 'number':
      return { value: /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw };
    case 'lines':
      return {
        value: raw
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => (field.items !== 'string' && /^-?\d+$/.test(line) ? Number(line) : line)),
      };
    case 'headers': {
      const headers: Record<string, string> = {};
      for (const [index, line] of raw.split(/\r?\n/).entries()) {
        if (!line.trim()) continue;
        const colon = line.indexOf(':');
        if (colon <= 0) return { error: `line ${index + 1}: write "Name: value"` };
        headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      }
      return { value: headers };
    }
    case 'json':
      try {
        return { value: JSON.parse(raw) };
      } catch {
        return { error: 'is not valid JSON' };
      }
    default:
      return { value: raw };
  }
}

export interface ParsedConfig {
  /** Values to send. In `edit` mode: null clears a field, an absent secret keeps its stored value. */
  config: Record<string, unknown>;
  errors: FieldErrors;
}

export function parseConfigForm(fields: ConfigField[], form: FormValues, mode: 'create' | 'edit'): ParsedConfig {
  const config: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const key = `config.${field.name}`;
    if (field.control === 'checkbox') {
      config[field.name] = form[key] !== undefined;
      continue;
    }
    const raw = (form[key] ?? '').trim() === '' ? '' : (form[key] ?? '');
    if (field.secret) {
      if (raw !== '') {
        const read = readField(field, raw);
        if ('error' in read) errors[key] = read.error;
        else config[field.name] = read.value;
      } else if (mode === 'edit' && form[`clear.${field.name}`] !== undefined) config[field.name] = null;
      continue;
    }
    if (raw === '') {
      // Editing: an emptied field goes back to its default (or is reported missing).
      if (mode === 'edit') config[field.name] = null;
      continue;
    }
    const read = readField(field, raw);
    if ('error' in read) errors[key] = read.error;
    else config[field.name] = read.value;
  }
  return { config, errors };
}

export interface ParsedSettings {
  settings: Record<string, unknown>;
  errors: FieldErrors;
}

const numberSettings = ['intervalSeconds', 'maxIntervalSeconds', 'timeoutMs'] as const;

/** Name, slug, tags, flags and schedule overrides; empty numbers mean "the global default". */
export function parseSettingsForm(form: FormValues, mode: 'create' | 'edit'): ParsedSettings {
  const settings: Record<string, unknown> = { name: form.name ?? '' };
  const errors: FieldErrors = {};
  if (mode === 'create' && (form.slug ?? '').trim() !== '') settings.slug = form.slug!.trim();
  if (mode === 'create') settings.kind = form.kind ?? '';
  settings.tags = (form.tags ?? '')
    .split(/[\s,]+/)
    .map((tag) => tag.trim())
    .filter(Boolean);
  settings.public = form.public !== undefined;
  if (mode === 'create') settings.paused = form.paused !== undefined;
  for (const name of numberSettings) {
    const raw = (form[name] ?? '').trim();
    if (raw === '') {
      if (mode === 'edit') settings[name] = null;
    } else if (/^\d+$/.test(raw)) settings[name] = Number(raw);
    else errors[name] = 'must be a whole number';
  }
  return { settings, errors };
}

/** Service issues (paths like ["config", "url"]) → the form field they belong to. */
export function fieldErrorsFromIssues(issues: Issue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [first, second, ...rest] = issue.path;
    let key = '_form';
    let detail = '';
    if (first === 'config' && second !== undefined) {
      key = `config.${String(second)}`;
      detail = rest.length ? `${rest.map((part) => (typeof part === 'number' ? `item ${part + 1}` : part)).join(' ')}: ` : '';
    } else if (first !== undefined) {
      key = String(first);
    }
    // zod's wording for a missing field is for developers; a form says it plainly.
    const message = `${detail}${/received undefined$/.test(issue.message) ? 'is required' : issue.message}`;
    errors[key] = errors[key] ? `${errors[key]}; ${message}` : message;
  }
  return errors;
}

/**
 * The kind's own verdict on a config, as form errors. The services check the common fields
 * first and stop there; running this as well shows every problem of a form at once.
 */
export function configErrors(kind: FormKind, config: Record<string, unknown>): FieldErrors {
  const parsed = kind.configSchema.safeParse(config);
  return parsed.success ? {} : fieldErrorsFromIssues(issuesFromZod(parsed.error, ['config']));
}
