/**
 * Session logs: export (HAR, our JSON session, NDJSON, text), import (our JSON,
 * any HAR, and our NDJSON and text logs as frames only), and copy helpers. Pure: the panel, the CLI and tests share it.
 * The formats are described in docs/session-format.md.
 */
export type { LogMeta, FrameSessionRecord } from './records';
export { sessionRecords, connectionRecords, recordsWithLifecycle } from './select';
export { buildHar, exportHar, harChunks } from './har';
export type { Har, HarEntry, HarWebSocketMessage } from './har-types';
export {
  buildSessionFile,
  exportSessionJson,
  sessionJsonChunks,
  SESSION_FORMAT,
  SESSION_FORMAT_VERSION,
  type SessionFile,
} from './json';
export { exportNdjson, exportText, ndjsonChunks, textChunks, type FrameLine } from './ndjson';
export { LOG_FORMATS, logChunks, logFileName, type LogFormat } from './formats';
export { collectChunks, chunksToBlob, type CollectOptions } from './chunks';
export { importLog, importLogFile, LOG_FILE_ACCEPT } from './import';
export type { ImportResult, ImportedMeta, ImportSource } from './import-result';
export { connectionSnippet, type SnippetOptions, type SnippetSource } from './snippet';
export { frameBase64, frameBytes, frameJson, frameText } from './frame-copy';
export { TOOL_NAME, TOOL_VERSION } from './tool';
