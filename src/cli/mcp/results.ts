/**
 * What a tool call answers: JSON text an agent can read (and structured
 * content beside it), or an error result (`isError: true`) with one clear
 * sentence. A tool never throws at the SDK: every failure becomes a result,
 * so the agent can correct its call and the server keeps running.
 */
import { ClientError } from '../../client/types';
import { errorText } from '../../lib/error-text';
import { CliError } from '../cli-error';

/** A failure a tool explains to its caller in `message`. */
export class ToolError extends Error {}

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export function toolResult(value: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

export function toolError(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Any failure as an error result: ours as written, the service's codes in words, anything else with its message. */
export function failureResult(error: unknown, target?: string): ToolResult {
  if (error instanceof ToolError || error instanceof CliError) return toolError(error.message);
  if (error instanceof ClientError) {
    const words = errorText(error, target);
    return toolError(`${words.charAt(0).toUpperCase()}${words.slice(1)} (${error.code}).`);
  }
  return toolError(`Failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Runs a tool's body and turns whatever it throws into an error result. */
export async function runTool(body: () => Promise<ToolResult>, target?: () => string | undefined): Promise<ToolResult> {
  try {
    return await body();
  } catch (error) {
    return failureResult(error, target?.());
  }
}
