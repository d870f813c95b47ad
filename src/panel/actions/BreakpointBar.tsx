/**
 * Frames paused at a breakpoint, one block each: what it is, an editor with
 * its payload, and Forward (edited or not) or Drop. Later frames of the same
 * connection and direction wait behind it in the page; the page itself keeps
 * running.
 */
import { useState } from 'preact/hooks';
import type { PausedFrame } from '../../protocol/actions';
import { formatSize } from '../format';
import { usePanelStore } from '../store-context';
import { PayloadEditor, type EditorValue } from './PayloadEditor';
import { editorText, modeOf, parseEditor } from './payload-text';

export function BreakpointBar() {
  const paused = usePanelStore().pausedFrames.value;
  if (paused.length === 0) return null;
  return (
    <section class="breakpoints" aria-label="Breakpoints">
      {paused.map((frame) => (
        <PausedBlock key={`${frame.conn}#${frame.pause}`} frame={frame} />
      ))}
    </section>
  );
}

function PausedBlock({ frame }: { frame: PausedFrame }) {
  const { act, actionMessage, nameOf } = usePanelStore();
  const original = { mode: modeOf(frame.payload), text: editorText(frame.payload, modeOf(frame.payload)) };
  const [value, setValue] = useState<EditorValue>(original);
  const where = frame.dir === 'sent' ? 'on its way to the server' : 'on its way to the page';
  const resume = async (action: 'forward' | 'drop') => {
    const edited = value.mode !== original.mode || value.text !== original.text;
    const parsed = parseEditor(value.mode, value.text);
    if (action === 'forward' && edited && !parsed.ok)
      return void (actionMessage.value = { error: true, text: parsed.error });
    const payload = action === 'forward' && edited && parsed.ok ? parsed.payload : undefined;
    const done =
      action === 'drop' ? 'Dropped the paused frame' : edited ? 'Forwarded the edited frame' : 'Forwarded the frame';
    await act(frame.conn, { type: 'resume', pause: frame.pause, action, ...(payload ? { payload } : {}) }, done);
  };
  return (
    <div class="paused-frame" role="group" aria-label={`Paused frame ${frame.pause} of ${nameOf(frame.conn)}`}>
      <strong>
        Paused {frame.dir === 'sent' ? '↑' : '↓'} {frame.payload.type} frame of {formatSize(frame.size)} on{' '}
        {nameOf(frame.conn)} {where}, by the rule "{frame.rule}"
      </strong>
      {frame.truncated && <span class="note">Too big to edit here: it can be forwarded as it is, or dropped.</span>}
      <PayloadEditor
        label="Paused payload"
        value={value}
        onChange={setValue}
        onSubmit={() => void resume('forward')}
        disabled={frame.truncated}
      />
      <div class="composer-actions">
        <button type="button" onClick={() => void resume('forward')}>
          Forward
        </button>
        <button type="button" onClick={() => void resume('drop')}>
          Drop
        </button>
      </div>
    </div>
  );
}
