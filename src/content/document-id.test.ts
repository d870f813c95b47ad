import { describe, expect, it } from 'vitest';
import { parseRelayMessage } from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/version';
import { expectOk } from '../protocol/testing';
import { randomDocumentId } from './document-id';

describe('randomDocumentId', () => {
  it('makes ids the background accepts in a hello', () => {
    for (let i = 0; i < 20; i++) {
      const id = randomDocumentId();
      expect(expectOk(parseRelayMessage({ type: 'hello', v: PROTOCOL_VERSION, docId: id }))).toEqual({
        type: 'hello',
        v: PROTOCOL_VERSION,
        docId: id,
      });
    }
  });
});
