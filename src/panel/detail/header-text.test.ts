import { describe, expect, it } from 'vitest';
import { directionText, sizeText, truncationNotice } from './header-text';

describe('truncationNotice', () => {
  it('says how many bytes of the true size were captured, grouped by thousands', () => {
    expect(truncationNotice(1048576, 5242880)).toBe('Only the first 1,048,576 bytes of 5,242,880 were captured');
    expect(truncationNotice(10, 20)).toBe('Only the first 10 bytes of 20 were captured');
  });
});

describe('sizeText', () => {
  it('gives small sizes in bytes and adds the exact count to larger ones', () => {
    expect(sizeText(0)).toBe('0 B');
    expect(sizeText(999)).toBe('999 B');
    expect(sizeText(2048)).toBe('2.0 kB (2,048 bytes)');
    expect(sizeText(5 * 1024 * 1024)).toBe('5.2 MB (5,242,880 bytes)');
  });
});

describe('directionText', () => {
  it('names the direction with its arrow', () => {
    expect(directionText('sent')).toBe('↑ Sent');
    expect(directionText('received')).toBe('↓ Received');
  });
});
