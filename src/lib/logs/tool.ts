/** Who wrote a log: the creator of our HAR files and the `tool` of our JSON sessions. */
import { version } from '../../../package.json';

export const TOOL_NAME = 'WebSocket Lens';
export const TOOL_VERSION: string = version;
