/**
 * The kind-specific part of the integration form, one control per field of the kind's schema.
 * Also answers the htmx request that swaps it when the kind select changes.
 */
import type { ConfigField, FieldErrors, FormValues } from '../../../src/routes/admin/integration-form.ts';
import { FieldError } from './admin-page.tsx';

export interface ConfigFieldsProps {
  kindName: string;
  kindDescription: string;
  fields: ConfigField[];
  values: FormValues;
  /** Secret fields with a stored value: "set", or "unreadable" after a key rotation (both: replace). */
  secretStates: Readonly<Record<string, 'set' | 'unreadable'>>;
  errors: FieldErrors;
  disabled?: boolean;
}

function placeholderFor(field: ConfigField, secretStates: ConfigFieldsProps['secretStates']): string | undefined {
  if (field.secret) return secretStates[field.name] ? `${secretStates[field.name]} — replace` : 'not set';
  if (field.defaultValue === undefined) return undefined;
  if (field.control === 'headers' || field.control === 'json' || field.control === 'lines') {
    const empty = Array.isArray(field.defaultValue) ? field.defaultValue.length === 0 : typeof field.defaultValue === 'object' && field.defaultValue !== null && Object.keys(field.defaultValue).length === 0;
    if (empty) return undefined;
    return Array.isArray(field.defaultValue) ? field.defaultValue.map(String).join('\n') : JSON.stringify(field.defaultValue);
  }
  return `default: ${String(field.defaultValue)}`;
}

function hint(field: ConfigField): string | undefined {
  const lines: Record<string, string> = { lines: 'One per line.', headers: 'One per line: Name: value', json: 'JSON.' };
  const extra = lines[field.control];
  const secret = field.secret ? 'Stored encrypted and never shown; leave empty to keep the stored value.' : undefined;
  const sentence = (text: string | undefined) => (text && !/[.!?)]$/.test(text) ? `${text}.` : text);
  return [sentence(field.description), extra, secret].filter(Boolean).join(' ') || undefined;
}

export function ConfigFieldInput({ field, values, secretStates, errors, disabled }: { field: ConfigField } & Omit<ConfigFieldsProps, 'kindName' | 'kindDescription' | 'fields'>) {
  const name = `config.${field.name}`;
  const id = `f-config-${field.name}`;
  const error = errors[name];
  const describedBy = [hint(field) ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const value = field.secret ? '' : (values[name] ?? '');
  const placeholder = placeholderFor(field, secretStates);
  const common = { id, name, disabled, 'aria-describedby': describedBy, 'aria-invalid': error ? ('true' as const) : undefined };
  // Secrets are never `required` in the browser: a stored one is kept, and some kinds generate one.
  const required = field.required && !field.secret;
  let control;
  switch (field.control) {
    case 'checkbox':
      control = <input type="checkbox" {...common} checked={values[name] !== undefined} />;
      break;
    case 'select':
      control = (
        <select {...common} required={required}>
          {field.required || field.defaultValue !== undefined ? null : <option value="">—</option>}
          {field.options.map((option) => (
            <option value={option} selected={(values[name] || String(field.defaultValue ?? '')) === option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    case 'number':
      control = <input type="number" step="any" inputmode="numeric" {...common} value={value} placeholder={placeholder} required={required} />;
      break;
    case 'text':
    case 'url':
      control = field.secret ? (
        <input type="password" autocomplete="new-password" {...common} value="" placeholder={placeholder} required={required} />
      ) : (
        <input type={field.control === 'url' ? 'url' : 'text'} {...common} value={value} placeholder={placeholder} required={required} />
      );
      break;
    default:
      control = (
        <textarea {...common} rows={field.control === 'json' || field.control === 'textarea' ? 5 : 3} placeholder={placeholder} required={required} spellcheck={false}>
          {value}
        </textarea>
      );
  }
  return (
    <div class={`field field-${field.control}${field.secret ? ' field-secret' : ''}`}>
      <label for={id}>
        {field.label}
        {field.required ? <span class="required"> (required)</span> : null}
      </label>
      {control}
      {field.secret && secretStates[field.name] && !field.required && !disabled ? (
        <label class="clear-secret">
          <input type="checkbox" name={`clear.${field.name}`} /> remove the stored value
        </label>
      ) : null}
      {hint(field) ? (
        <span class="hint" id={`${id}-hint`}>
          {hint(field)}
        </span>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function ConfigFields(props: ConfigFieldsProps) {
  return (
    <fieldset id="config-fields" class="config-fields">
      <legend>{props.kindName} settings</legend>
      <p class="hint">{props.kindDescription}</p>
      {props.fields.map((field) => (
        <ConfigFieldInput field={field} values={props.values} secretStates={props.secretStates} errors={props.errors} disabled={props.disabled} />
      ))}
    </fieldset>
  );
}
