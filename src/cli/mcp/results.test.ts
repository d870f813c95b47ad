import { describe, expect, it } from 'vitest';
import { ClientError } from '../../client/types';
import { CliError } from '../cli-error';
import { failureResult, runTool, toolResult, ToolError } from './results';

describe('tool results', () => {
  it('answers JSON text with structured content beside it', () => {
    expect(toolResult({ a: 1 })).toEqual({
      content: [{ type: 'text', text: '{\n  "a": 1\n}' }],
      structuredContent: { a: 1 },
    });
  });

  it('turns every failure into an error result in words', async () => {
    expect(failureResult(new ToolError('No connection "x".'))).toEqual({
      content: [{ type: 'text', text: 'No connection "x".' }],
      isError: true,
    });
    expect(failureResult(new CliError('No Chromium found.')).content[0]!.text).toBe('No Chromium found.');
    expect(failureResult(new ClientError('closed', 'socket closed'), 'the socket to ws://x/').content[0]!.text).toBe(
      'The socket to ws://x/ is closed (closed).',
    );
    expect(failureResult(new Error('boom')).content[0]!.text).toBe('Failed: boom');
    const thrown = await runTool(async () => {
      throw new ToolError('nope');
    });
    expect(thrown.isError).toBe(true);
  });
});
