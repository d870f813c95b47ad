/**
 * Ignore rules for volatile fields: JSON paths skipped in a payload's
 * structure, and regular expressions whose matches are blanked out of text
 * (payloads and URLs) before comparing. `volatile` adds the usual suspects:
 * ISO 8601 times, epoch-millisecond numbers, UUIDs.
 */
import { parseJsonPath, pathMatches, type JsonPath, type PathSegment } from './json-path';

export interface IgnoreOptions {
  paths?: readonly string[];
  regexes?: readonly string[];
  volatile?: boolean;
}

export interface IgnoreRules {
  paths: JsonPath[];
  regexes: RegExp[];
}

export const VOLATILE_REGEXES = [
  String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?`,
  String.raw`\b1\d{12}\b`,
  String.raw`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b`,
];

/** Compiles the rules; throws an Error naming the bad path or regex (a usage error for the CLI). */
export function compileIgnore(options: IgnoreOptions = {}): IgnoreRules {
  const paths = (options.paths ?? []).map(parseJsonPath);
  const sources = [...(options.regexes ?? []), ...(options.volatile ? VOLATILE_REGEXES : [])];
  const regexes = sources.map((source) => {
    try {
      return new RegExp(source, 'g');
    } catch (error) {
      throw new Error(`bad regular expression ${JSON.stringify(source)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
  return { paths, regexes };
}

/** The text with every match of every regex replaced by one marker, so `ts=123` and `ts=456` compare equal. */
export function maskIgnored(text: string, rules: IgnoreRules): string {
  let out = text;
  for (const regex of rules.regexes) out = out.replace(regex, '\u2026');
  return out;
}

export function isIgnoredPath(rules: IgnoreRules, segments: readonly PathSegment[]): boolean {
  return segments.length > 0 && rules.paths.some((path) => pathMatches(path, segments));
}
