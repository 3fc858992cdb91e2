/**
 * Keyword verdicts on a response body: one text that must appear and/or one that must not.
 * Matching is case-sensitive and literal, so what the person typed is exactly what is sought.
 */

export interface KeywordRules {
  present?: string | undefined;
  absent?: string | undefined;
}

/**
 * Returns the failure message, or undefined when the body satisfies the rules. `truncated`
 * says only part of the body was read, so a missing keyword message names the limit.
 */
export function keywordFailure(body: string, rules: KeywordRules, truncated = false): string | undefined {
  if (rules.present !== undefined && rules.present !== '' && !body.includes(rules.present)) {
    return `keyword ${JSON.stringify(rules.present)} not found${truncated ? ' (in the part of the body read)' : ''}`;
  }
  if (rules.absent !== undefined && rules.absent !== '' && body.includes(rules.absent)) {
    return `keyword ${JSON.stringify(rules.absent)} found (expected absent)`;
  }
  return undefined;
}
