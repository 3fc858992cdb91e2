/**
 * An integration's configuration as a definition list. Secret fields are never decrypted here:
 * the caller passes only which ones are set, shown as "•••••• (set)". As a second line of
 * defence, values under secret-looking keys and passwords inside URLs are masked too.
 */
const secretLooking = /pass|secret|token|authorization|api[-_]?key|credential|cookie/i;
const mask = '•••••• (set)';

export function maskValue(key: string, value: unknown): string {
  if (secretLooking.test(key)) return mask;
  if (typeof value === 'string') return maskUrlPassword(value);
  if (value && typeof value === 'object') {
    const copy = Array.isArray(value) ? value.map((item) => maskNested('', item)) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskNested(k, v)]));
    return JSON.stringify(copy);
  }
  return String(value);
}

function maskNested(key: string, value: unknown): unknown {
  if (secretLooking.test(key)) return mask;
  if (typeof value === 'string') return maskUrlPassword(value);
  if (value && typeof value === 'object') {
    return Array.isArray(value) ? value.map((item) => maskNested('', item)) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskNested(k, v)]));
  }
  return value;
}

function maskUrlPassword(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, '$1••••••@');
}

export interface ConfigEntry {
  key: string;
  value: string;
}

export function configEntries(config: Record<string, unknown>, secretsSet: string[]): ConfigEntry[] {
  const entries = Object.entries(config)
    .filter(([, value]) => value !== undefined && value !== null && !(typeof value === 'object' && Object.keys(value as object).length === 0))
    .map(([key, value]) => ({ key, value: maskValue(key, value) }));
  for (const key of secretsSet) entries.push({ key, value: mask });
  return entries.sort((a, b) => a.key.localeCompare(b.key));
}

export function ConfigList({ entries }: { entries: ConfigEntry[] }) {
  if (entries.length === 0) return <p class="muted">No settings.</p>;
  return (
    <dl class="config">
      {entries.map((entry) => (
        <div>
          <dt>{entry.key}</dt>
          <dd>
            <code>{entry.value}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}
