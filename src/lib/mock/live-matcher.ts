/**
 * How a live client frame finds the recorded step it plays, in one place:
 * reads the frame with the decoder that read the recording (decoders keep
 * state, so frames go in order) and tries the next steps (script.ts
 * `findStep`). `websocket-lens mock` uses it per socket, and the Playwright
 * export bundles this module into the generated file, so a test matches
 * exactly as the mock server does.
 */
import { ConnectionDecoding } from '../decoders/connection-decoding';
import { decoderByLabel } from '../decoders/registry';
import { compileIgnore, type IgnoreOptions } from '../diff/ignore';
import { findStep, type ClientStep, type LiveFrame, type MatchMode } from './script';

export interface LiveMatchConfig {
  url: string;
  protocols: readonly string[];
  /** The label of the decoder that read the recording (MockScript.decoder.label). */
  decoder?: string;
  /** Default: exact, json and decoded. */
  modes?: readonly MatchMode[];
  /** Paths (and regexes) the json mode ignores. */
  ignore?: IgnoreOptions;
}

export interface LiveMatcher {
  /** Reads the socket's next live client frame: its decoded kind, name and id when the decoder reads it. */
  read(data: string | Uint8Array): LiveFrame;
  /** The first of the next unplayed steps (from `next`) the frame matches, or undefined. */
  find(steps: readonly ClientStep[], next: number, live: LiveFrame): { step: number; mode: MatchMode } | undefined;
}

/** One per live socket. Throws on a bad ignore path or regex (check config first: `compileIgnore`). */
export function createLiveMatcher(config: LiveMatchConfig, negotiated = ''): LiveMatcher {
  const ignore = compileIgnore(config.ignore);
  const chosen = config.decoder === undefined ? undefined : decoderByLabel(config.decoder);
  const decoding = chosen
    ? new ConnectionDecoding({ url: config.url, protocols: config.protocols, protocol: negotiated }, { chosen })
    : undefined;
  let received = 0;
  return {
    read(data) {
      const live: LiveFrame = typeof data === 'string' ? { type: 'text', data } : { type: 'binary', data };
      received++;
      const result = decoding?.push({
        seq: received,
        t: Date.now(),
        dir: 'sent',
        type: live.type,
        data,
        truncated: false,
      })[0]?.[1];
      const first = result && 'messages' in result ? result.messages[0] : undefined;
      if (first)
        live.decoded = {
          kind: first.kind,
          ...(first.name !== undefined && { name: first.name }),
          ...(first.id !== undefined && { id: first.id }),
        };
      return live;
    },
    find: (steps, next, live) =>
      findStep({ steps }, next, live, { ignore, ...(config.modes && { modes: config.modes }) }),
  };
}
