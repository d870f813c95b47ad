/**
 * The tab's intercept rules: each matches frames by direction, connection URL
 * and payload (text or /regex/), then blocks, replaces or delays them, or
 * pauses them at a breakpoint. Edited here as drafts and applied together;
 * the background keeps them per tab and pushes them to every page hook.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SessionRecord } from '../../protocol/schema';
import { plural } from '../format';
import type { Rule, RuleAction, RuleDirection } from '../../protocol/actions';
import { usePanelStore } from '../store-context';
import { draftOf, newDraft, patchDraft, ruleOf, type RuleDraft } from './rules-form';
import { MAX_RULES_FILE_BYTES, parseRulesFile, rulesFile } from './rules-file';
import { formatSize } from '../format';
import type { EditorMode } from './payload-text';

const ACTIONS: { value: RuleAction; label: string }[] = [
  { value: 'block', label: 'Block' },
  { value: 'replace', label: 'Replace' },
  { value: 'delay', label: 'Delay' },
  { value: 'break', label: 'Pause (breakpoint)' },
  { value: 'jitter', label: 'Jitter (random delay)' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'reorder', label: 'Reorder' },
  { value: 'drop', label: 'Drop a share' },
  { value: 'rate', label: 'Rate limit' },
  { value: 'bandwidth', label: 'Bandwidth limit' },
  { value: 'offline', label: 'Offline (connections lost)' },
  { value: 'drop-every', label: 'Drop every N ms (connections)' },
  { value: 'refuse', label: 'Refuse new connections for N ms' },
  { value: 'delay-open', label: 'Delay open (connections)' },
  { value: 'debugger', label: 'Break into the debugger (Sources)' },
];

/** The rule the toolbar's Go offline adds (and Go online removes). */
const OFFLINE_RULE: Rule = {
  id: 'offline',
  name: 'Offline',
  enabled: true,
  direction: 'both',
  url: '',
  payload: '',
  action: 'offline',
  delayMs: 1000,
};

/** The tab's open sockets, each dropped now as a lost network drops it (1006); new ones connect as usual. */
export function DropNowButton({ disabled }: { disabled: boolean }) {
  const store = usePanelStore();
  const drop = async () => {
    const open = [...store.session.value.connections.values()].filter((c) => c.state === 'open' && !c.readOnly);
    const results = await Promise.all(
      open.map((c) => store.runCommand(c.id, { type: 'simulate-close', code: 1006, reason: '', wasClean: false })),
    );
    const failed = results.filter((error) => error !== null);
    store.actionMessage.value = failed.length
      ? { error: true, text: `Failed: ${failed[0]}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ''}` }
      : { error: false, text: `Dropped ${plural(open.length, 'socket')} (1006)` };
  };
  return (
    <button
      type="button"
      disabled={disabled}
      title="The page sees every open socket of the tab drop now: close 1006, not clean"
      onClick={() => void drop()}
    >
      Drop now
    </button>
  );
}

/**
 * Takes the tab off the network and back: every socket is dropped (1006, as a
 * lost network does) and new ones fail as refused, until Go online. It is an
 * offline rule, so it lasts as rules do (reloads, worker restarts).
 */
export function OfflineButton({ disabled }: { disabled: boolean }) {
  const store = usePanelStore();
  const rules = store.tabStatus.value?.rules ?? [];
  const offline = rules.some((r) => r.enabled && r.action === 'offline');
  const toggle = async () => {
    const next = offline ? rules.filter((r) => r.action !== 'offline') : [...rules, OFFLINE_RULE];
    if (await store.setRules(next))
      store.actionMessage.value = {
        error: false,
        text: offline ? 'Online: new sockets connect again' : 'Offline: sockets dropped, new ones fail',
      };
  };
  return (
    <button
      type="button"
      disabled={disabled}
      aria-pressed={offline}
      title={
        offline ? 'Let sockets connect again' : 'Drop every socket of the tab (1006) and fail new ones, until online'
      }
      onClick={() => void toggle()}
    >
      {offline ? 'Go online' : 'Go offline'}
    </button>
  );
}

type FaultField = keyof RuleDraft['fault'];
/** The parameters each fault action shows, with their labels (the e2e tests and the docs use these words). */
const FAULT_FIELDS: Partial<Record<RuleAction, { key: FaultField; label: string; min: number; step?: string }[]>> = {
  jitter: [
    { key: 'jitterMinMs', label: 'Jitter from (ms)', min: 0 },
    { key: 'jitterMaxMs', label: 'Jitter to (ms)', min: 0 },
    { key: 'seed', label: 'Seed', min: 0 },
  ],
  duplicate: [{ key: 'copies', label: 'Extra copies', min: 1 }],
  reorder: [
    { key: 'reorderWindow', label: 'Window (frames)', min: 2 },
    { key: 'reorderHoldMs', label: 'Hold at most (ms)', min: 1 },
    { key: 'seed', label: 'Seed', min: 0 },
  ],
  drop: [
    { key: 'dropPercent', label: 'Drop (%)', min: 0, step: 'any' },
    { key: 'seed', label: 'Seed', min: 0 },
  ],
  rate: [{ key: 'ratePerSecond', label: 'Messages per second', min: 0, step: 'any' }],
  bandwidth: [{ key: 'bytesPerSecond', label: 'Bytes per second', min: 0, step: 'any' }],
  'drop-every': [{ key: 'dropEveryMs', label: 'Drop every (ms)', min: 100 }],
  refuse: [{ key: 'refuseMs', label: 'Refuse for (ms)', min: 1 }],
  'delay-open': [{ key: 'openDelayMs', label: 'Delay open (ms)', min: 0 }],
};

/** What the dialog says under a rule of these actions. */
const ACTION_NOTES: Partial<Record<RuleAction, string>> = {
  'drop-every':
    'Matched by URL only: each open socket is dropped (1006) this long after it opened, so a reconnecting page drops again.',
  refuse: 'Matched by URL only: new sockets fail as refused (error, then 1006) until this time after Apply is up.',
  'delay-open':
    'Matched by URL only: the page sees the socket CONNECTING this long after it opened; its open event and messages wait in order.',
  debugger:
    "Acts only while DevTools is open on this tab: the page's JavaScript stops in the Sources panel at the send() that sent a matching frame, or just before the page's handlers get a matching message. The frame then goes on, and other rules still act on it.",
};

/** The toolbar button and the dialog it opens. */
export function RulesButton({ disabled }: { disabled: boolean }) {
  const { tabStatus } = usePanelStore();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const active = (tabStatus.value?.rules ?? []).filter((r) => r.enabled).length;
  const show = () => {
    setOpen(true);
    dialog.current?.showModal();
  };
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        title="Block, replace, delay, pause or fault matching frames"
        onClick={show}
      >
        Rules{active ? ` (${active})` : ''}
      </button>
      <dialog ref={dialog} class="rules-dialog" aria-label="Intercept rules" onClose={() => setOpen(false)}>
        {open && <RulesEditor onClose={() => dialog.current?.close()} />}
      </dialog>
    </>
  );
}

function RulesEditor({ onClose }: { onClose(): void }) {
  const store = usePanelStore();
  const { tabStatus, actionMessage } = store;
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => (tabStatus.value?.rules ?? []).map(draftOf));
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => setErrors({}), [drafts]);
  const update = (id: string, patch: Partial<RuleDraft>) =>
    setDrafts(drafts.map((d) => (d.id === id ? patchDraft(d, patch) : d)));

  const importInput = useRef<HTMLInputElement>(null);
  const [fileNote, setFileNote] = useState<{ error: boolean; text: string } | null>(null);

  /** The drafts as rules, or null with each bad draft's error shown. */
  const checked = () => {
    const results = drafts.map((d) => [d.id, ruleOf(d)] as const);
    const failed = Object.fromEntries(results.flatMap(([id, r]) => (r.ok ? [] : [[id, r.error]])));
    if (Object.keys(failed).length) return void setErrors(failed);
    return results.flatMap(([, r]) => (r.ok ? [r.rule] : []));
  };

  /** Saves the rules as edited (applied or not) as a scenario file to share. */
  const exportRules = () => {
    const rules = checked();
    if (!rules) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([rulesFile(rules)], { type: 'application/json' }));
    link.download = 'websocket-lens-rules.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    setFileNote({ error: false, text: `Exported ${plural(rules.length, 'rule')} as ${link.download}` });
  };

  /** Puts a scenario file's rules in place of the drafts; Apply sets them. A bad file changes nothing. */
  const importRules = async (file: File | undefined) => {
    if (!file) return;
    const fail = (text: string) => setFileNote({ error: true, text: `${file.name}: ${text}` });
    if (file.size > MAX_RULES_FILE_BYTES) return fail(`larger than ${formatSize(MAX_RULES_FILE_BYTES)}`);
    const parsed = parseRulesFile(await file.text());
    if (!parsed.ok) return fail(parsed.error);
    setDrafts(parsed.value.map(draftOf));
    setFileNote({
      error: false,
      text: `Loaded ${plural(parsed.value.length, 'rule')} from ${file.name}: Apply to use them`,
    });
  };

  const apply = async () => {
    const rules = checked();
    if (!rules) return;
    if (!(await store.setRules(rules))) return;
    const active = rules.filter((r) => r.enabled).length;
    actionMessage.value = { error: false, text: `Rules applied: ${active} active` };
    onClose();
  };

  // Frames each rule acted on in the captured session (counted when the dialog opens; a rule is known by its name).
  const hits = useMemo(() => ruleHits(store.records.value), [store.records.value]);

  return (
    <form method="dialog" onSubmit={(e) => (e.preventDefault(), void apply())}>
      <h2>Intercept rules</h2>
      <p class="note">
        A rule matches frames by direction, connection URL and payload (text, or /regex/flags; a payload pattern matches
        text frames only). The first enabled rule that matches acts. Frames behind a delayed or paused frame on the same
        connection wait for it. Fault rules make a bad network: jitter, duplicate, reorder, drop a seeded share, or
        limit messages or bytes per second. Connection faults (offline, drop every, refuse, delay open) match by URL
        only.
      </p>
      {drafts.length === 0 && <p class="note">No rules.</p>}
      {drafts.map((draft) => (
        <RuleRow
          key={draft.id}
          draft={draft}
          hits={hits.get(draft.name) ?? 0}
          error={errors[draft.id]}
          onChange={(patch) => update(draft.id, patch)}
          onRemove={() => setDrafts(drafts.filter((d) => d.id !== draft.id))}
        />
      ))}
      <div class="composer-actions">
        <button type="button" onClick={() => setDrafts([...drafts, newDraft(drafts.length)])}>
          Add rule
        </button>
        <button type="submit">Apply</button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" title="Save these rules as a JSON file to share" onClick={exportRules}>
          Export rules
        </button>
        <button type="button" onClick={() => importInput.current?.click()}>
          Import rules…
        </button>
        <input
          ref={importInput}
          type="file"
          accept=".json,application/json"
          aria-label="Import rules file"
          hidden
          onChange={(e) => {
            const input = e.currentTarget;
            void importRules(input.files?.[0]).finally(() => (input.value = ''));
          }}
        />
      </div>
      {fileNote && (
        <p class={fileNote.error ? 'error' : 'note'} role={fileNote.error ? 'alert' : 'status'} aria-label="Rules file">
          {fileNote.text}
        </p>
      )}
    </form>
  );
}

/** How many frames of `records` each rule (by name) blocked, replaced, delayed or paused. */
export function ruleHits(records: readonly SessionRecord[]): Map<string, number> {
  const hits = new Map<string, number>();
  for (const record of records)
    if (record.kind === 'frame' && record.intercept?.rule)
      hits.set(record.intercept.rule, (hits.get(record.intercept.rule) ?? 0) + 1);
  return hits;
}

interface RowProps {
  draft: RuleDraft;
  /** Frames this rule acted on so far. */
  hits: number;
  error: string | undefined;
  onChange(patch: Partial<RuleDraft>): void;
  onRemove(): void;
}

function RuleRow({ draft, hits, error, onChange, onRemove }: RowProps) {
  const text = (label: string, key: 'name' | 'url' | 'payload', placeholder = '') => (
    <label>
      {label}{' '}
      <input
        type="text"
        aria-label={label}
        value={draft[key]}
        placeholder={placeholder}
        onInput={(e) => onChange({ [key]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <fieldset class="rule" aria-label={`Rule ${draft.name}`}>
      <div class="composer-actions">
        <label>
          <input
            type="checkbox"
            aria-label="Enabled"
            checked={draft.enabled}
            onChange={(e) => onChange({ enabled: e.currentTarget.checked })}
          />
          Enabled
        </label>
        {text('Name', 'name')}
        <span class="note" aria-label="Rule hits" title="Frames this rule acted on in the captured session">
          {plural(hits, 'hit')}
        </span>
        <label>
          Direction{' '}
          <select
            aria-label="Direction"
            value={draft.direction}
            onChange={(e) => onChange({ direction: e.currentTarget.value as RuleDirection })}
          >
            <option value="both">Both</option>
            <option value="sent">Sent ↑ (to the server)</option>
            <option value="received">Received ↓ (to the page)</option>
          </select>
        </label>
        {text('URL', 'url', 'any; text or /regex/')}
        {text('Payload', 'payload', 'any; text or /regex/')}
        <label>
          Action{' '}
          <select
            aria-label="Action"
            value={draft.action}
            onChange={(e) => onChange({ action: e.currentTarget.value as RuleAction })}
          >
            {ACTIONS.map(({ value, label }) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </label>
        {draft.action === 'delay' && (
          <label>
            Delay (ms){' '}
            <input
              type="number"
              aria-label="Delay (ms)"
              min={0}
              value={draft.delayMs}
              onInput={(e) => onChange({ delayMs: e.currentTarget.value })}
            />
          </label>
        )}
        {(FAULT_FIELDS[draft.action] ?? []).map(({ key, label, min, step }) => (
          <label key={key}>
            {label}{' '}
            <input
              type="number"
              aria-label={label}
              min={min}
              step={step}
              value={draft.fault[key]}
              onInput={(e) => onChange({ fault: { ...draft.fault, [key]: e.currentTarget.value } })}
            />
          </label>
        ))}
        <button type="button" onClick={onRemove}>
          Remove rule
        </button>
      </div>
      {draft.action === 'replace' && (
        <div class="composer-actions">
          <label>
            Replace{' '}
            <select
              aria-label="Replace"
              value={draft.replaceMode}
              onChange={(e) => onChange({ replaceMode: e.currentTarget.value as RuleDraft['replaceMode'] })}
            >
              <option value="matches">each payload match with</option>
              <option value="whole">the whole frame with</option>
            </select>
          </label>
          {draft.replaceMode === 'whole' && (
            <label>
              Replacement format{' '}
              <select
                aria-label="Replacement format"
                value={draft.replacementMode}
                onChange={(e) => onChange({ replacementMode: e.currentTarget.value as EditorMode })}
              >
                <option value="text">Text</option>
                <option value="hex">Binary (hex)</option>
                <option value="base64">Binary (base64)</option>
              </select>
            </label>
          )}
          <label>
            Replacement{' '}
            <input
              type="text"
              aria-label="Replacement"
              value={draft.replacement}
              placeholder={draft.replaceMode === 'matches' ? '$& and $1 work' : ''}
              onInput={(e) => onChange({ replacement: e.currentTarget.value })}
            />
          </label>
        </div>
      )}
      {ACTION_NOTES[draft.action] && (
        <p class="note" aria-label="About this action">
          {ACTION_NOTES[draft.action]}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
