import { describe, expect, it } from 'vitest';
import { failureExplanation, failureText, handshakeLine, netErrorText } from './handshake-text';
import { testHandshake } from '../protocol/handshake-testing';

describe('handshake words', () => {
  it('says nothing failed for a 101, and the status for a refusal', () => {
    expect(failureText(testHandshake())).toBe('');
    expect(failureText(testHandshake({ status: 403, statusLine: 'HTTP/1.1 403 Forbidden' }))).toBe(
      'Refused: 403 Forbidden',
    );
    expect(failureText(testHandshake({ status: 502, statusLine: '' }))).toBe('Refused: 502');
  });

  it("words the browsers' error names and keeps them, with more for the Headers tab", () => {
    const refused = testHandshake({ status: 0, statusLine: '', error: 'NS_ERROR_CONNECTION_REFUSED' });
    expect(failureText(refused)).toBe('Connection refused (NS_ERROR_CONNECTION_REFUSED)');
    expect(failureExplanation(refused)).toBe(
      'Connection refused (NS_ERROR_CONNECTION_REFUSED): the server is down or not listening on that port',
    );
    expect(netErrorText('net::ERR_FAILED')).toBe('Handshake failed (net::ERR_FAILED)');
    expect(failureExplanation(testHandshake({ status: 0, error: 'net::ERR_FAILED' }))).toContain(
      'a refusing status (403…) and an unreachable server alike',
    );
    expect(netErrorText('net::ERR_CERT_AUTHORITY_INVALID')).toBe(
      'Certificate not trusted (net::ERR_CERT_AUTHORITY_INVALID)',
    );
    expect(netErrorText('NS_ERROR_SOMETHING_NEW')).toBe('NS_ERROR_SOMETHING_NEW');
  });

  it('makes one timeline line with the time taken', () => {
    expect(handshakeLine(testHandshake({ t: 0, endedAt: 12.4 }))).toBe('Handshake 101 Switching Protocols in 12 ms');
    const failed = testHandshake({ t: 0, endedAt: 3, status: 0, statusLine: '', error: 'net::ERR_FAILED' });
    expect(handshakeLine(failed)).toBe('Handshake failed after 3 ms: Handshake failed (net::ERR_FAILED)');
  });
});
