import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULT, type Rule } from '../../protocol/actions';
import { parseRulesFile, rulesFile } from './rules-file';

const rules: Rule[] = [
  {
    id: 'a',
    name: 'lossy',
    enabled: true,
    direction: 'received',
    url: '/chat/',
    payload: '',
    action: 'drop',
    delayMs: 1000,
    fault: { ...DEFAULT_FAULT, dropPercent: 20, seed: 42 },
  },
  {
    id: 'b',
    name: 'hide',
    enabled: false,
    direction: 'sent',
    url: '',
    payload: 'secret',
    action: 'replace',
    delayMs: 1000,
    replace: { mode: 'whole', payload: { type: 'binary', data: 'AQI=' } },
  },
];

describe('rules files', () => {
  it('read back the rules they were written from', () => {
    expect(parseRulesFile(rulesFile(rules))).toEqual({ ok: true, value: rules });
    expect(parseRulesFile(rulesFile([]))).toEqual({ ok: true, value: [] });
  });

  it('fill what an older file leaves out', () => {
    const old = { format: 'websocket-lens-rules', version: 1, rules: [{ ...rules[0], fault: { seed: 5 } }] };
    expect(parseRulesFile(JSON.stringify(old))).toEqual({
      ok: true,
      value: [{ ...rules[0], fault: { ...DEFAULT_FAULT, seed: 5 } }],
    });
  });

  it('say clearly why a file cannot be read', () => {
    expect(parseRulesFile('{oops')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not JSON: /) });
    expect(parseRulesFile('{"format":"websocket-lens-templates","version":1}')).toEqual({
      ok: false,
      error: 'This is not a WebSocket Lens rules file',
    });
    expect(parseRulesFile('[]')).toEqual({ ok: false, error: 'This is not a WebSocket Lens rules file' });
    expect(parseRulesFile(JSON.stringify({ format: 'websocket-lens-rules', version: 2, rules: [] }))).toEqual({
      ok: false,
      error: 'version: This rules file is from a newer WebSocket Lens (version 1 is read)',
    });
    const bad = { format: 'websocket-lens-rules', version: 1, rules: [{ ...rules[0], fault: { copies: 99 } }] };
    expect(parseRulesFile(JSON.stringify(bad))).toMatchObject({ ok: false, error: expect.stringMatching(/copies/) });
  });
});
