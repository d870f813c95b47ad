/**
 * The rules dialog's drafts: a rule as the form holds it (the replacement as
 * editor text), checked and turned into the protocol's Rule, and back. Pure,
 * unit-tested.
 */
import * as v from 'valibot';
import {
  DEFAULT_FAULT,
  RuleSchema,
  hasFaultParameters,
  type Fault,
  type Rule,
  type RuleAction,
  type RuleDirection,
} from '../../protocol/actions';
import { editorText, modeOf, parseEditor, type EditorMode } from './payload-text';

export interface RuleDraft {
  id: string;
  name: string;
  enabled: boolean;
  direction: RuleDirection;
  url: string;
  payload: string;
  action: RuleAction;
  delayMs: string;
  /** 'matches': each payload match becomes `replacement` (text); 'whole': the frame becomes it. */
  replaceMode: 'matches' | 'whole';
  replacementMode: EditorMode;
  replacement: string;
  /** A fault action's parameters as typed; kept while another action is chosen, sent only with a fault action. */
  fault: Record<keyof Fault, string>;
  /**
   * A refuse rule's start, kept while the rule is unchanged (a reload or a
   * second Apply does not restart it); a changed rule starts when applied.
   */
  startedAt?: number;
}

const faultText = (fault: Fault) =>
  Object.fromEntries(Object.entries(fault).map(([key, value]) => [key, String(value)])) as RuleDraft['fault'];

/** A typed number; '' is not 0 (the field was cleared), so the check says what is missing. */
const typedNumber = (text: string) => (text.trim() === '' ? NaN : Number(text));

let counter = 0;
const newId = () => `r${Date.now().toString(36)}${(counter++).toString(36)}`;

export function newDraft(index: number): RuleDraft {
  return {
    id: newId(),
    name: `Rule ${index + 1}`,
    enabled: true,
    direction: 'both',
    url: '',
    payload: '',
    action: 'block',
    delayMs: '1000',
    replaceMode: 'matches',
    replacementMode: 'text',
    replacement: '',
    fault: faultText(DEFAULT_FAULT),
  };
}

export function draftOf(rule: Rule): RuleDraft {
  const replace = rule.replace;
  const whole = replace?.mode === 'whole' ? replace.payload : undefined;
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    direction: rule.direction,
    url: rule.url,
    payload: rule.payload,
    action: rule.action,
    delayMs: String(rule.delayMs),
    replaceMode: replace?.mode ?? 'matches',
    replacementMode: whole ? modeOf(whole) : 'text',
    replacement: replace?.mode === 'matches' ? replace.text : whole ? editorText(whole, modeOf(whole)) : '',
    fault: faultText(rule.fault ?? DEFAULT_FAULT),
    ...(rule.startedAt !== undefined ? { startedAt: rule.startedAt } : {}),
  };
}

/** A draft changed as the form asks; a change to what the rule does restarts its time. */
export function patchDraft(draft: RuleDraft, patch: Partial<RuleDraft>): RuleDraft {
  const next = { ...draft, ...patch };
  if ('enabled' in patch || 'action' in patch || 'fault' in patch || 'url' in patch) delete next.startedAt;
  return next;
}

export type DraftResult = { ok: true; rule: Rule } | { ok: false; error: string };

/** The rule a draft stands for, or what is wrong with it (worded for the form). */
export function ruleOf(draft: RuleDraft, now = Date.now()): DraftResult {
  const delayMs = Number(draft.delayMs);
  let replace: Rule['replace'];
  if (draft.action === 'replace') {
    if (draft.replaceMode === 'matches') replace = { mode: 'matches', text: draft.replacement };
    else {
      const parsed = parseEditor(draft.replacementMode, draft.replacement);
      if (!parsed.ok) return { ok: false, error: `Replacement: ${parsed.error}` };
      replace = { mode: 'whole', payload: parsed.payload };
    }
  }
  const candidate = {
    id: draft.id,
    name: draft.name.trim(),
    enabled: draft.enabled,
    direction: draft.direction,
    url: draft.url,
    payload: draft.payload,
    action: draft.action,
    delayMs: draft.action === 'delay' ? delayMs : 1000,
    ...(replace ? { replace } : {}),
    ...(draft.action === 'refuse' ? { startedAt: draft.startedAt ?? now } : {}),
    ...(hasFaultParameters(draft.action)
      ? {
          fault: Object.fromEntries(
            Object.entries(draft.fault).map(([key, text]) => [key, typedNumber(text)]),
          ) as Fault,
        }
      : {}),
  };
  const result = v.safeParse(RuleSchema, candidate);
  if (result.success) return { ok: true, rule: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, error: path ? `${FIELD_NAMES[path] ?? path}: ${issue.message}` : issue.message };
}

const FIELD_NAMES: Record<string, string> = {
  name: 'Name',
  url: 'URL',
  payload: 'Payload',
  delayMs: 'Delay',
  fault: 'Jitter',
  'fault.jitterMinMs': 'Jitter from',
  'fault.jitterMaxMs': 'Jitter to',
  'fault.copies': 'Extra copies',
  'fault.reorderWindow': 'Window',
  'fault.reorderHoldMs': 'Hold at most',
  'fault.dropPercent': 'Drop',
  'fault.seed': 'Seed',
  'fault.ratePerSecond': 'Messages per second',
  'fault.bytesPerSecond': 'Bytes per second',
  'fault.dropEveryMs': 'Drop every',
  'fault.refuseMs': 'Refuse for',
  'fault.openDelayMs': 'Delay open',
};
