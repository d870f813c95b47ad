import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULT } from '../../protocol/actions';
import { draftOf, newDraft, patchDraft, ruleOf } from './rules-form';

describe('rule drafts', () => {
  it('turn into rules and back', () => {
    const draft = { ...newDraft(0), name: ' no pings ', direction: 'sent' as const, payload: 'ping' };
    const result = ruleOf(draft);
    expect(result).toEqual({
      ok: true,
      rule: {
        id: draft.id,
        name: 'no pings',
        enabled: true,
        direction: 'sent',
        url: '',
        payload: 'ping',
        action: 'block',
        delayMs: 1000,
      },
    });
    if (result.ok) expect(ruleOf(draftOf(result.rule))).toEqual(result);
  });

  it('keep a replacement of matches as text, and a whole replacement in hex', () => {
    const matches = ruleOf({ ...newDraft(0), action: 'replace', payload: '/"price":\\d+/', replacement: '"price":0' });
    expect(matches.ok && matches.rule.replace).toEqual({ mode: 'matches', text: '"price":0' });
    const whole = ruleOf({
      ...newDraft(0),
      action: 'replace',
      replaceMode: 'whole',
      replacementMode: 'hex',
      replacement: 'ff ee',
    });
    expect(whole.ok && whole.rule.replace).toEqual({ mode: 'whole', payload: { type: 'binary', data: '/+4=' } });
    if (whole.ok)
      expect(draftOf(whole.rule)).toMatchObject({ replaceMode: 'whole', replacementMode: 'hex', replacement: 'ff ee' });
  });

  it('say what is wrong', () => {
    expect(ruleOf({ ...newDraft(0), url: '/(/' })).toEqual({ ok: false, error: 'URL: Invalid pattern' });
    expect(ruleOf({ ...newDraft(0), action: 'delay', delayMs: 'soon' }).ok).toBe(false);
    expect(ruleOf({ ...newDraft(0), name: '  ' }).ok).toBe(false);
    expect(ruleOf({ ...newDraft(0), action: 'replace', payload: '' })).toEqual({
      ok: false,
      error: 'Replacing matches needs a payload pattern',
    });
    expect(
      ruleOf({ ...newDraft(0), action: 'replace', replaceMode: 'whole', replacementMode: 'hex', replacement: 'f' }),
    ).toEqual({ ok: false, error: 'Replacement: Hex needs an even number of digits (two per byte)' });
  });

  it('send fault parameters only with a fault action, and keep them through a round trip', () => {
    const drop = ruleOf({
      ...newDraft(0),
      action: 'drop',
      fault: { ...newDraft(0).fault, dropPercent: '12.5', seed: '9' },
    });
    expect(drop.ok && drop.rule.fault).toEqual({ ...DEFAULT_FAULT, dropPercent: 12.5, seed: 9 });
    if (drop.ok) expect(ruleOf(draftOf(drop.rule))).toEqual(drop);
    const block = ruleOf({ ...newDraft(0), fault: { ...newDraft(0).fault, copies: 'many' } });
    expect(block.ok && 'fault' in block.rule).toBe(false);
    expect(ruleOf({ ...newDraft(0), action: 'duplicate', fault: { ...newDraft(0).fault, copies: '' } })).toEqual({
      ok: false,
      error: 'Extra copies: Invalid type: Expected number but received NaN',
    });
  });
});

describe('a refuse rule’s start', () => {
  it('is set when first applied, kept through a round trip, and restarted by a change to what the rule does', () => {
    const draft = { ...newDraft(0), action: 'refuse' as const };
    const first = ruleOf(draft, 5000);
    expect(first.ok && first.rule.startedAt).toBe(5000);
    const kept = draftOf(first.ok ? first.rule : (undefined as never));
    const again = ruleOf(kept, 9000);
    expect(again.ok && again.rule.startedAt).toBe(5000);
    expect(patchDraft(kept, { name: 'renamed' }).startedAt).toBe(5000);
    const changed = patchDraft(kept, { fault: { ...kept.fault, refuseMs: '2000' } });
    const restarted = ruleOf(changed, 9000);
    expect(restarted.ok && restarted.rule.startedAt).toBe(9000);
    const other = ruleOf({ ...newDraft(1), action: 'drop-every' as const }, 9000);
    expect(other.ok && other.rule.startedAt).toBeUndefined();
  });
});
