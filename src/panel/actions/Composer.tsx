/**
 * The composer under the message list, for the one selected connection: write
 * text or bytes (hex, base64, a file) and send it to the server, or deliver it
 * to the page as if the server had sent it; earlier messages and saved
 * templates (per origin) fill the editor again. Below, closing the socket from
 * DevTools and simulating a server close or a dropped connection.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Connection } from '../../lib/session';
import type { Payload } from '../../protocol/actions';
import { usePanelStore } from '../store-context';
import { composeHistory, remember } from './history';
import { PayloadEditor, type EditorValue } from './PayloadEditor';
import { editorText, modeOf, parseEditor } from './payload-text';
import {
  MAX_TEMPLATES_FILE_BYTES,
  parseTemplatesFile,
  templateOrigin,
  templatesFile,
  withImported,
  withTemplate,
  withoutTemplate,
  type Template,
} from './templates';
import { loadTemplates, storeTemplates } from './template-store';
import { CloseControls } from './CloseControls';
import { formatSize } from '../format';

const preview = (payload: Payload) => {
  const text = payload.type === 'text' ? payload.data : `bin ${payload.data}`;
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

export function Composer({ connection }: { connection: Connection }) {
  const { act, actionMessage, nameOf } = usePanelStore();
  const target = nameOf(connection.id);
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<EditorValue>({ mode: 'text', text: '' });
  const [templates, setTemplates] = useState<Template[]>([]);
  const [templateName, setTemplateName] = useState('');
  const importInput = useRef<HTMLInputElement>(null);
  const origin = templateOrigin(connection.url);
  const live = connection.state === 'open';

  useEffect(() => {
    let current = true;
    void loadTemplates(origin).then((list) => current && setTemplates(list));
    return () => void (current = false);
  }, [origin]);

  const fill = (payload: Payload) => setValue({ mode: modeOf(payload), text: editorText(payload, modeOf(payload)) });

  const submit = async (type: 'send' | 'simulate') => {
    const parsed = parseEditor(value.mode, value.text);
    if (!parsed.ok) return void (actionMessage.value = { error: true, text: parsed.error });
    composeHistory.value = remember(composeHistory.value, parsed.payload);
    const done = type === 'send' ? `Sent on ${target}` : `Delivered to the page on ${target}`;
    await act(connection.id, { type, payload: parsed.payload }, done);
  };

  const saveTemplate = async () => {
    const parsed = parseEditor(value.mode, value.text);
    const name = templateName.trim();
    if (!parsed.ok || !name) {
      actionMessage.value = { error: true, text: parsed.ok ? 'Name the template first' : parsed.error };
      return;
    }
    const next = withTemplate(templates, { name, payload: parsed.payload });
    await storeTemplates(origin, next);
    setTemplates(next);
    actionMessage.value = { error: false, text: `Saved template "${name}" for ${origin}` };
  };

  const deleteTemplate = async () => {
    const next = withoutTemplate(templates, templateName.trim());
    if (next.length === templates.length) return;
    await storeTemplates(origin, next);
    setTemplates(next);
  };

  const exportTemplates = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([templatesFile(origin, templates)], { type: 'application/json' }));
    link.download = `websocket-lens-templates-${origin.replace(/[^a-z0-9.-]+/gi, '_')}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  };

  /** Adds a file's templates to this origin's (same name: replaced); a bad file changes nothing. */
  const importTemplates = async (file: File | undefined) => {
    if (!file) return;
    const fail = (text: string) => void (actionMessage.value = { error: true, text: `${file.name}: ${text}` });
    if (file.size > MAX_TEMPLATES_FILE_BYTES) return fail(`larger than ${formatSize(MAX_TEMPLATES_FILE_BYTES)}`);
    const parsed = parseTemplatesFile(await file.text());
    if (!parsed.ok) return fail(parsed.error);
    const { templates: next, added, replaced } = withImported(templates, parsed.value.templates);
    try {
      await storeTemplates(origin, next);
    } catch (error) {
      return fail(`could not save: ${(error as Error).message}`);
    }
    setTemplates(next);
    const from = parsed.value.origin === origin ? '' : ` (exported from ${parsed.value.origin})`;
    const count = added + replaced;
    const same = replaced ? `, ${replaced} replacing one of the same name` : '';
    actionMessage.value = {
      error: false,
      text: `Imported ${count} template${count === 1 ? '' : 's'} for ${origin}${from}${same}`,
    };
  };

  return (
    <section class="composer" aria-label="Composer">
      <button type="button" class="composer-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        Composer
      </button>
      {!live && (
        <span class="note">
          {' '}
          {target} is {connection.state}: nothing can be sent
        </span>
      )}
      {open && (
        <div class="composer-body">
          <PayloadEditor
            label="Message to send"
            value={value}
            onChange={setValue}
            onSubmit={() => void submit('send')}
            fileInput
          />
          <div class="composer-actions">
            <button
              type="button"
              disabled={!live}
              title="Send to the server (Ctrl/Cmd+Enter)"
              onClick={() => void submit('send')}
            >
              Send
            </button>
            <button
              type="button"
              disabled={!live}
              title="Deliver to the page as if the server had sent it"
              onClick={() => void submit('simulate')}
            >
              Simulate incoming
            </button>
            <select
              aria-label="History"
              value=""
              disabled={composeHistory.value.length === 0}
              onChange={(e) => {
                const picked = composeHistory.value[Number(e.currentTarget.value)];
                if (picked) fill(picked);
              }}
            >
              <option value="">History ({composeHistory.value.length})</option>
              {composeHistory.value.map((payload, i) => (
                <option value={i}>{preview(payload)}</option>
              ))}
            </select>
          </div>
          <div class="composer-actions" role="group" aria-label="Templates">
            <select
              aria-label="Template"
              value=""
              disabled={templates.length === 0}
              onChange={(e) => {
                const picked = templates.find((t) => t.name === e.currentTarget.value);
                if (!picked) return;
                setTemplateName(picked.name);
                fill(picked.payload);
              }}
            >
              <option value="">
                Templates for {origin} ({templates.length})
              </option>
              {templates.map((t) => (
                <option value={t.name}>{t.name}</option>
              ))}
            </select>
            <input
              aria-label="Template name"
              placeholder="Template name"
              value={templateName}
              onInput={(e) => setTemplateName(e.currentTarget.value)}
            />
            <button type="button" onClick={() => void saveTemplate()}>
              Save template
            </button>
            <button
              type="button"
              disabled={!templates.some((t) => t.name === templateName.trim())}
              onClick={() => void deleteTemplate()}
            >
              Delete template
            </button>
            <button type="button" disabled={templates.length === 0} onClick={exportTemplates}>
              Export templates
            </button>
            <button type="button" onClick={() => importInput.current?.click()}>
              Import templates…
            </button>
            <input
              ref={importInput}
              type="file"
              accept=".json,application/json"
              aria-label="Import templates file"
              hidden
              onChange={(e) => {
                const input = e.currentTarget;
                void importTemplates(input.files?.[0]).finally(() => (input.value = ''));
              }}
            />
          </div>
          <CloseControls connection={connection} />
        </div>
      )}
    </section>
  );
}
