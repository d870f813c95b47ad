/**
 * A scenario: the tab's intercept and fault rules as a JSON file, so a team
 * can share "the bad-network script" for their app. Written from the rules
 * dialog and read back into it; a file is validated whole (every rule as the
 * service would take it), and one bad rule rejects it with the reason.
 */
import * as v from 'valibot';
import { RulesSchema, type Rule } from '../../protocol/actions';
import { parseWith, type ParseResult } from '../../protocol/schema';

const FILE_FORMAT = 'websocket-lens-rules';
/** Read no further than this: MAX_RULES rules with their replacements fit many times over. */
export const MAX_RULES_FILE_BYTES = 64 * 1024 * 1024;

/** A file that says what it is, for the user to keep or share. */
export function rulesFile(rules: readonly Rule[]): string {
  return `${JSON.stringify({ format: FILE_FORMAT, version: 1, rules }, null, 2)}\n`;
}

const NOT_OURS = 'This is not a WebSocket Lens rules file';
const RulesFileSchema = v.object(
  {
    format: v.literal(FILE_FORMAT),
    version: v.literal(1, 'This rules file is from a newer WebSocket Lens (version 1 is read)'),
    rules: RulesSchema,
  },
  NOT_OURS,
);

/** The rules of a file rulesFile wrote, or why it cannot be read. */
export function parseRulesFile(text: string): ParseResult<Rule[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not JSON: ${(error as Error).message}` };
  }
  // Anything else (a templates file, a log) is answered in one sentence rather than by its first wrong field.
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== FILE_FORMAT)
    return { ok: false, error: NOT_OURS };
  const parsed = parseWith(RulesFileSchema, json);
  return parsed.ok ? { ok: true, value: parsed.value.rules } : parsed;
}
