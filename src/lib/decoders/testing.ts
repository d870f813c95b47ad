/**
 * A tiny decoder for tests of the machinery around decoders (registry,
 * correlation, tab decoding): frames are `kind name id` text, e.g.
 * `call add 1` / `result add 1`; `boom` makes it throw.
 */
import { BY_CONTENT, BY_URL, type Decoder, type DecoderFrame, type PairRole } from './types';

const roles: Record<string, PairRole> = {
  call: 'request',
  result: 'reply',
  sub: 'stream-start',
  item: 'stream-item',
  end: 'reply',
};

export const wordsDecoder: Decoder = {
  protocol: 'json-rpc',
  label: 'Words',
  detect: (info, frames) =>
    info.url.includes('/words') ? BY_URL : frames.some((f) => String(f.data).startsWith('call ')) ? BY_CONTENT : 0,
  create: () => ({
    decode(frame) {
      if (frame.type !== 'text') return { error: 'binary frame' };
      if (frame.data === 'boom') throw new Error('kaboom');
      if (frame.data === 'half') return { pending: 'waits for its other half' };
      const [kind = '', name, id] = (frame.data as string).split(' ');
      const role = roles[kind];
      const requester =
        role === 'request' || role === 'stream-start' ? frame.dir : frame.dir === 'sent' ? 'received' : 'sent';
      return {
        messages: [
          {
            protocol: 'json-rpc',
            kind,
            ...(name && { name }),
            ...(id && { id }),
            ...(role && id && { pair: { key: `${requester}:${id}`, role } }),
          },
        ],
      };
    },
  }),
};

let seq = 0;
export function frame(data: string, dir: 'sent' | 'received' = 'sent', t = 1000 + seq): DecoderFrame {
  return { seq: ++seq, t, dir, type: 'text', data, truncated: false };
}
