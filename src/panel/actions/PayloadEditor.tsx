/**
 * Editing a payload: text (with JSON formatting and validation) or bytes
 * written as hex or base64, optionally loaded from a file; Ctrl/Cmd+Enter
 * submits. Shared by the composer, Edit & resend and the breakpoint bar.
 * Controlled: the caller holds the value (so history and templates can fill it).
 */
import { useRef } from 'preact/hooks';
import { bytesToBase64 } from '../../lib/base64';
import { checkJson, editorText, formatJson, parseEditor, switchMode, type EditorMode } from './payload-text';

export interface EditorValue {
  mode: EditorMode;
  text: string;
}

interface Props {
  /** The text area's accessible name, e.g. "Message to send". */
  label: string;
  value: EditorValue;
  onChange(value: EditorValue): void;
  /** Ctrl/Cmd+Enter. */
  onSubmit(): void;
  /** Offer "Load file…" (the composer). */
  fileInput?: boolean;
  disabled?: boolean;
}

const MODES: { mode: EditorMode; label: string }[] = [
  { mode: 'text', label: 'Text' },
  { mode: 'hex', label: 'Binary (hex)' },
  { mode: 'base64', label: 'Binary (base64)' },
];

export function PayloadEditor({ label, value, onChange, onSubmit, fileInput, disabled }: Props) {
  const file = useRef<HTMLInputElement>(null);
  const parsed = parseEditor(value.mode, value.text);
  const json = value.mode === 'text' ? checkJson(value.text) : ({ json: false } as const);

  const setMode = (mode: EditorMode) =>
    onChange({ mode, text: switchMode(value.text, value.mode, mode) ?? value.text });
  const format = (pretty: boolean) => {
    const text = formatJson(value.text, pretty);
    if (text !== null) onChange({ ...value, text });
  };
  const load = async (picked: File | undefined) => {
    if (!picked) return;
    const data = bytesToBase64(new Uint8Array(await picked.arrayBuffer()));
    const mode = value.mode === 'text' ? 'hex' : value.mode;
    onChange({ mode, text: editorText({ type: 'binary', data }, mode) });
    if (file.current) file.current.value = '';
  };

  return (
    <div class="payload-editor">
      <div class="payload-tools">
        <select
          aria-label="Payload format"
          value={value.mode}
          disabled={disabled}
          onChange={(e) => setMode(e.currentTarget.value as EditorMode)}
        >
          {MODES.map(({ mode, label: text }) => (
            <option value={mode}>{text}</option>
          ))}
        </select>
        {json.json && (
          <>
            <button type="button" disabled={disabled || !json.valid} onClick={() => format(true)}>
              Format JSON
            </button>
            <button type="button" disabled={disabled || !json.valid} onClick={() => format(false)}>
              Minify JSON
            </button>
          </>
        )}
        {fileInput && (
          <>
            <button type="button" disabled={disabled} onClick={() => file.current?.click()}>
              Load file…
            </button>
            <input
              ref={file}
              type="file"
              hidden
              aria-label="Load payload from file"
              onChange={(e) => void load(e.currentTarget.files?.[0])}
            />
          </>
        )}
        <span class={`payload-check${!parsed.ok || (json.json && !json.valid) ? ' error' : ''}`} aria-live="polite">
          {!parsed.ok ? parsed.error : json.json ? (json.valid ? 'Valid JSON' : `Invalid JSON: ${json.error}`) : ''}
        </span>
      </div>
      <textarea
        aria-label={label}
        value={value.text}
        disabled={disabled}
        spellcheck={false}
        rows={3}
        placeholder={value.mode === 'text' ? 'Text or JSON' : value.mode === 'hex' ? 'de ad be ef' : '3q2+7w=='}
        onInput={(e) => onChange({ ...value, text: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onSubmit();
          }
        }}
      />
    </div>
  );
}
