/**
 * "Protobuf schema…": the user gives a .proto (file or text), picks the message
 * type its frames carry and the socket URLs it applies to; the frames of
 * matching sockets are then decoded with it. Saved schemas are listed and can
 * be removed.
 */
import { useRef, useState } from 'preact/hooks';
import { endpointOf } from '../decoder-choice';
import { messageTypesOf, protobufSchemas, removeSchema, saveSchema } from '../protobuf-schemas';

export function ProtobufButton({ url }: { url: string | undefined }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        class="link"
        title="Decode binary frames with a .proto you give"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        Protobuf schema…
      </button>
      <dialog ref={dialog} class="rules-dialog" aria-label="Protobuf schemas" onClose={() => setOpen(false)}>
        {open && <ProtobufEditor url={url} onClose={() => dialog.current?.close()} />}
      </dialog>
    </>
  );
}

function ProtobufEditor({ url, onClose }: { url: string | undefined; onClose(): void }) {
  const [protoText, setProtoText] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [messageType, setMessageType] = useState('');
  const [urlPattern, setUrlPattern] = useState(url ? `${endpointOf(url)}*` : '*');
  const [problem, setProblem] = useState<string | null>(null);

  const read = async (text: string) => {
    setProtoText(text);
    const found = await messageTypesOf(text);
    if ('error' in found) {
      setProblem(found.error);
      setTypes([]);
      return;
    }
    setProblem(found.length ? null : 'the .proto defines no message type');
    setTypes(found);
    if (!found.includes(messageType)) setMessageType(found[0] ?? '');
  };
  const save = async () => {
    const error = await saveSchema({ urlPattern, messageType, protoText });
    if (error) setProblem(error);
    else onClose();
  };

  return (
    <form method="dialog" onSubmit={(e) => (e.preventDefault(), void save())}>
      <h2>Protobuf schemas</h2>
      {protobufSchemas.value.length > 0 && (
        <ul aria-label="Saved schemas">
          {protobufSchemas.value.map((s) => (
            <li key={s.urlPattern}>
              {s.messageType} for <code>{s.urlPattern}</code>{' '}
              <button type="button" onClick={() => void removeSchema(s.urlPattern)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <label>
        .proto file{' '}
        <input
          type="file"
          accept=".proto,text/plain"
          aria-label=".proto file"
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            if (file) await read(await file.text());
          }}
        />
      </label>
      <textarea
        aria-label=".proto text"
        rows={8}
        value={protoText}
        placeholder={'syntax = "proto3";\nmessage Tick { string symbol = 1; double price = 2; }'}
        onChange={(e) => void read(e.currentTarget.value)}
      />
      <label>
        Message type{' '}
        <select aria-label="Message type" value={messageType} onChange={(e) => setMessageType(e.currentTarget.value)}>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        For socket URLs{' '}
        <input
          aria-label="Socket URL pattern"
          value={urlPattern}
          title="* stands for any run of characters"
          onInput={(e) => setUrlPattern(e.currentTarget.value)}
        />
      </label>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <div class="dialog-buttons">
        <button type="submit" disabled={!messageType || !urlPattern}>
          Save schema
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
