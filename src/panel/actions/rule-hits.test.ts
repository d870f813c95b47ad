import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { ruleHits } from './RulesDialog';

const frame = (seq: number, intercept?: { rule: string; action: 'blocked' | 'replaced' }): SessionRecord => ({
  kind: 'frame',
  sid: 1,
  t: seq,
  seq,
  conn: '1.1',
  frameId: 0,
  dir: 'sent',
  type: 'text',
  size: 1,
  data: 'x',
  truncated: false,
  ...(intercept ? { intercept } : {}),
});

describe('ruleHits', () => {
  it('counts the frames each rule acted on, by name; frames no rule touched count for none', () => {
    const records = [
      frame(0),
      frame(1, { rule: 'no pings', action: 'blocked' }),
      frame(2, { rule: 'no pings', action: 'blocked' }),
      frame(3, { rule: 'rewrite', action: 'replaced' }),
      frame(4, { rule: '', action: 'blocked' }),
    ];
    expect([...ruleHits(records)]).toEqual([
      ['no pings', 2],
      ['rewrite', 1],
    ]);
  });
});
