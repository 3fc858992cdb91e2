/**
 * `${NAME}` in a YAML value is replaced by the environment variable NAME, so secrets live in the
 * environment (or a secret store that fills it) and never in the file. `${NAME:-fallback}` uses
 * the fallback when NAME is unset or empty; `$${` writes a literal `${`. Substitution happens
 * on parsed values, not on the raw text, so a secret containing `:`, `#` or a newline cannot
 * change the structure of the file. A result is always a string.
 */

export type Substitution = { ok: true; value: string } | { ok: false; message: string };

const reference = /\$\$\{|\$\{([^}]*)\}/g;
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Replaces every reference in `text`; the first missing variable is the error. */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv): Substitution {
  if (!text.includes('${')) return { ok: true, value: text };
  let failure: string | undefined;
  const value = text.replace(reference, (match, inner: string | undefined) => {
    if (match === '$${') return '${';
    const body = inner ?? '';
    const fallbackAt = body.indexOf(':-');
    const name = fallbackAt === -1 ? body : body.slice(0, fallbackAt);
    if (!variableName.test(name)) {
      failure ??= `"\${${name}}" is not a valid variable reference (use \${NAME} with letters, digits and underscores; write $\${ for a literal \${)`;
      return '';
    }
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallbackAt !== -1) return body.slice(fallbackAt + 2);
    failure ??= `environment variable ${name} is not set`;
    return '';
  });
  return failure === undefined ? { ok: true, value } : { ok: false, message: failure };
}

/** Writes a literal string so that substitution gives it back unchanged (for export). */
export function escapeForSubstitution(text: string): string {
  // A function replacement: in a replacement string `$$` would itself mean one `$`.
  return text.replaceAll('${', () => '$${');
}
