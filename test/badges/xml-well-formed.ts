/**
 * A small XML well-formedness checker (no new packages): balanced and properly nested tags, one
 * root element, quoted attributes without `<` or duplicates, only the five predefined or numeric
 * entities, and no characters XML 1.0 forbids. Enough to catch any escaping mistake in a badge.
 * Returns null when well-formed, else a description of the first problem.
 */
const NAME = String.raw`[A-Za-z_:][\w.:-]*`;
const START_TAG = new RegExp(String.raw`^<(${NAME})((?:\s+${NAME}\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(/?)>`);
const ATTRIBUTE = new RegExp(String.raw`(${NAME})\s*=`, 'g');
const END_TAG = new RegExp(String.raw`^</(${NAME})\s*>`);
const BAD_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function xmlProblem(xml: string): string | null {
  if (FORBIDDEN_CHAR.test(xml)) return 'contains a character XML 1.0 forbids';
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const rest = xml.slice(i);
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>');
      if (end < 0) return 'unterminated processing instruction';
      i += end + 2;
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->', 4);
      if (end < 0) return 'unterminated comment';
      i += end + 3;
    } else if (rest.startsWith('<![CDATA[')) {
      const end = rest.indexOf(']]>');
      if (end < 0) return 'unterminated CDATA';
      i += end + 3;
    } else if (rest.startsWith('</')) {
      const match = END_TAG.exec(rest);
      if (!match) return `malformed end tag at ${i}`;
      const expected = open.pop();
      if (expected !== match[1]) return `</${match[1]}> closes <${expected ?? 'nothing'}> at ${i}`;
      i += match[0].length;
    } else if (rest.startsWith('<')) {
      const match = START_TAG.exec(rest);
      if (!match) return `malformed start tag at ${i}: ${rest.slice(0, 40)}`;
      const [whole, name = '', attributes = '', selfClosing] = match;
      if (BAD_AMPERSAND.test(attributes)) return `bad entity in attributes of <${name}>`;
      const names = [...attributes.matchAll(ATTRIBUTE)].map((m) => m[1]);
      if (new Set(names).size !== names.length) return `duplicate attribute in <${name}>`;
      if (open.length === 0) roots += 1;
      if (roots > 1) return 'more than one root element';
      if (!selfClosing) open.push(name);
      i += whole.length;
    } else {
      const next = rest.indexOf('<');
      const text = next < 0 ? rest : rest.slice(0, next);
      if (open.length === 0 && text.trim() !== '') return 'text outside the root element';
      if (BAD_AMPERSAND.test(text)) return `bad entity in text at ${i}`;
      i += text.length;
    }
  }
  if (open.length > 0) return `unclosed <${open.join('>, <')}>`;
  if (roots !== 1) return 'no root element';
  return null;
}

export function assertWellFormedSvg(svg: string): void {
  const problem = xmlProblem(svg);
  if (problem !== null) throw new Error(`SVG is not well-formed XML: ${problem}`);
  if (!svg.startsWith('<svg')) throw new Error('SVG does not start with <svg');
}
