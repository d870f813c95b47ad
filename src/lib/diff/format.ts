/** A session diff as text for people, and as JSON for tools (byte values as hex). */
import type { ConnectionDiff, FrameDiff, FrameRef, SessionDiff } from './session-diff';
import type { JsonChange } from './json-diff';

const show = (value: unknown): string => {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (value === undefined) return '';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, jsonReplacer);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
};

function jsonReplacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array
    ? { bytes: Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('') }
    : value;
}

const frames = (n: number) => `${n} frame${n === 1 ? '' : 's'}`;

const arrow = (dir: 'sent' | 'received') => (dir === 'sent' ? '→' : '←');

/** A frame as reports name it: `#3 → EVENT chat`. */
export function frameName(ref: FrameRef): string {
  return `#${ref.index} ${arrow(ref.dir)} ${ref.label ?? ref.type}`;
}

function frameLines(frame: FrameDiff): string[] {
  switch (frame.op) {
    case 'removed':
      return [`  - frame ${frameName(frame.a)} removed: ${frame.a.preview}`];
    case 'added':
      return [`  + frame ${frameName(frame.b)} added: ${frame.b.preview}`];
    case 'changed': {
      const where =
        frame.a.index === frame.b.index ? frameName(frame.a) : `${frameName(frame.a)} (now #${frame.b.index})`;
      return [`  ~ frame ${where} changed:`, ...frame.changes.map((c) => `      ${changeLine(c)}`)];
    }
  }
}

/** One leaf of a changed payload: `$.value: 5 → 6`, `+ $.extra: true`, `- $.gone: 1`. */
export function changeLine(c: JsonChange): string {
  return c.op === 'changed'
    ? `${c.path}: ${show(c.before)} → ${show(c.after)}`
    : c.op === 'added'
      ? `+ ${c.path}: ${show(c.after)}`
      : `- ${c.path}: ${show(c.before)}`;
}

function connectionLines(connection: ConnectionDiff): string[] {
  const { counts } = connection;
  switch (connection.status) {
    case 'same':
      return [`= ${connection.url}: same (${frames(counts.same)})`];
    case 'removed':
      return [`- ${connection.url}: only in the first log (${frames(counts.removed)})`];
    case 'added':
      return [`+ ${connection.url}: only in the second log (${frames(counts.added)})`];
    case 'changed': {
      const parts = [
        counts.changed && `${counts.changed} changed`,
        counts.added && `${counts.added} added`,
        counts.removed && `${counts.removed} removed`,
        `${counts.same} same`,
      ].filter(Boolean);
      return [
        `~ ${connection.url}: ${parts.join(', ')}`,
        ...(connection.close ? [`  close: ${connection.close.a} → ${connection.close.b}`] : []),
        ...connection.frames.flatMap(frameLines),
      ];
    }
  }
}

export function formatDiffText(diff: SessionDiff): string {
  if (!diff.connections.length) return 'Both logs hold no connections.';
  const lines = diff.connections.flatMap(connectionLines);
  lines.push(diff.same ? 'The logs are the same.' : 'The logs differ.');
  return lines.join('\n');
}

export function formatDiffJson(diff: SessionDiff): string {
  return JSON.stringify(diff, jsonReplacer, 2);
}
