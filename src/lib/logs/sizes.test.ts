import { describe, expect, it } from 'vitest';
import { normalizeBase64, textByteLength } from './sizes';

describe('payload sizes', () => {
  it('counts UTF-8 bytes of text, ASCII or not', () => {
    expect(textByteLength('')).toBe(0);
    expect(textByteLength('{"a":1}')).toBe(7);
    expect(textByteLength('é👋')).toBe(6);
    expect(textByteLength('\ud800')).toBe(3);
  });

  it('accepts standard base64 and adds missing padding', () => {
    expect(normalizeBase64('AQID')).toBe('AQID');
    expect(normalizeBase64('AQ')).toBe('AQ==');
    expect(normalizeBase64('AQI')).toBe('AQI=');
    expect(normalizeBase64('')).toBe('');
  });

  it.each(['A', 'AQ=D', 'A===', 'AQ-_', 'AQ I', '=AQI', 'AQID\n'])('refuses %j', (text) => {
    expect(normalizeBase64(text)).toBeUndefined();
  });
});
