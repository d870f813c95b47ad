/** Session diff: pure, shared by `websocket-lens diff`, replay and tests. See docs/RECORDINGS.md. */
export {
  diffSessions,
  diffConnection,
  type DiffOptions,
  type SessionDiff,
  type ConnectionDiff,
  type FrameDiff,
  type FrameRef,
} from './session-diff';
export { formatDiffText, formatDiffJson, frameName, changeLine } from './format';
export { compileIgnore, VOLATILE_REGEXES, type IgnoreOptions } from './ignore';
export { diffJson, type JsonChange } from './json-diff';
export { parseJsonPath, pathMatches, formatPath, type JsonPath, type PathSegment } from './json-path';
export { alignByKey } from './align';
