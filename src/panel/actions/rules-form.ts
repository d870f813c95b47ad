/**
 * The rules dialog's drafts: a rule as the form holds it (the replacement as
 * editor text), checked and turned into the protocol's Rule, and back. Pure,
 * unit-tested.
 */
import * as v from 'valibot';
import { RuleSchema, type Rule, type RuleAction, type RuleDirection } from '../../protocol/actions';
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
}

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
  };
}

export type DraftResult = { ok: true; rule: Rule } | { ok: false; error: string };

/** The rule a draft stands for, or what is wrong with it (worded for the form). */
export function ruleOf(draft: RuleDraft): DraftResult {
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
};
