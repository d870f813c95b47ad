/**
 * Options page: the per-tab capture budget, how much of each payload to keep,
 * Preserve log, and (Chrome) every handshake header. Writes the
 * settings to extension storage, where the background follows them. A value out
 * of range is refused with a message and nothing is saved.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import * as v from 'valibot';
import { MAX_CAPTURED_BYTES } from '../protocol/limits';
import { BROWSER } from '../lib/platform';
import {
  DEFAULT_SETTINGS,
  MIN_PAYLOAD_BYTES,
  SETTINGS_KEY,
  SettingsSchema,
  readSettings,
  type Settings,
} from '../protocol/settings';

const MIB = 1024 * 1024;
const KIB = 1024;

/** The options' field names, for the message that says which value was refused. */
const FIELDS: Record<string, string> = {
  maxFramesPerTab: 'Frames per tab',
  maxBytesPerTab: 'Megabytes per tab',
  maxPayloadBytes: 'Kilobytes of each payload',
};

function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [frames, setFrames] = useState('');
  const [megabytes, setMegabytes] = useState('');
  const [payloadKib, setPayloadKib] = useState('');
  const [preserveLog, setPreserveLog] = useState(false);
  const [allHeaders, setAllHeaders] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    void browser.storage.local.get(SETTINGS_KEY).then((stored) => {
      const current = readSettings(stored[SETTINGS_KEY]);
      setSettings(current);
      setFrames(String(current.maxFramesPerTab));
      setMegabytes(String(current.maxBytesPerTab / MIB));
      setPayloadKib(String(current.maxPayloadBytes / KIB));
      setPreserveLog(current.preserveLog);
      setAllHeaders(current.allHandshakeHeaders);
    });
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    const candidate = {
      maxFramesPerTab: Number(frames),
      maxBytesPerTab: Math.round(Number(megabytes) * MIB),
      maxPayloadBytes: Math.round(Number(payloadKib) * KIB),
      preserveLog,
      allHandshakeHeaders: allHeaders,
    };
    const result = v.safeParse(SettingsSchema, candidate);
    if (!result.success) {
      const issue = result.issues[0];
      const field = FIELDS[v.getDotPath(issue) ?? ''] ?? 'A value';
      setMessage({ error: true, text: `${field}: ${issue.message}. Nothing was saved.` });
      return;
    }
    await browser.storage.local.set({ [SETTINGS_KEY]: result.output });
    setSettings(result.output);
    setMessage({ error: false, text: 'Saved. Open tabs use the new values at once.' });
  };

  if (!settings) return <p>Loading…</p>;
  return (
    <main>
      <h1>WebSocket Lens</h1>
      <form onSubmit={save} noValidate>
        <label>
          Frames kept per tab
          <input type="number" min={100} step={1} value={frames} onInput={(e) => setFrames(e.currentTarget.value)} />
          <small>
            Beyond this the oldest frames are dropped and the panel says how many. Default{' '}
            {DEFAULT_SETTINGS.maxFramesPerTab.toLocaleString('en')}.
          </small>
        </label>
        <label>
          Megabytes of payload kept per tab
          <input
            type="number"
            min={0.0625}
            step="any"
            value={megabytes}
            onInput={(e) => setMegabytes(e.currentTarget.value)}
          />
          <small>Default {DEFAULT_SETTINGS.maxBytesPerTab / MIB} MB.</small>
        </label>
        <label>
          Kilobytes kept of each frame's payload
          <input
            type="number"
            min={MIN_PAYLOAD_BYTES / KIB}
            max={MAX_CAPTURED_BYTES / KIB}
            step="any"
            value={payloadKib}
            onInput={(e) => setPayloadKib(e.currentTarget.value)}
          />
          <small>
            A longer frame keeps this much as a preview, with its true size. Lower it for pages that send huge frames:
            less to copy. {MIN_PAYLOAD_BYTES / KIB} to {MAX_CAPTURED_BYTES / KIB} KB, default{' '}
            {DEFAULT_SETTINGS.maxPayloadBytes / KIB} KB.
          </small>
        </label>
        <label>
          <span>
            <input type="checkbox" checked={preserveLog} onChange={(e) => setPreserveLog(e.currentTarget.checked)} />{' '}
            Preserve log across navigations
          </span>
        </label>
        {BROWSER === 'chrome' && (
          <label>
            <span>
              <input type="checkbox" checked={allHeaders} onChange={(e) => setAllHeaders(e.currentTarget.checked)} />{' '}
              Every handshake header (Cookie, Origin…) even while no WebSocket Lens panel is open
            </span>
            <small>
              Chrome shows them to extensions only when asked, and asking adds about 0.3 ms to every WebSocket handshake
              of every tab, so by default it is asked only while a panel (or the CLI) is open.
            </small>
          </label>
        )}
        <button type="submit">Save</button>
        {message && (
          <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'saved'}>
            {message.text}
          </p>
        )}
      </form>
    </main>
  );
}

render(<Options />, document.getElementById('root')!);
