import { describe, expect, it } from 'vitest';
import { errorText, storageFaultText } from './error-text';

describe('errorText', () => {
  it('words codes for the socket acted on', () => {
    expect(errorText({ code: 'closed', message: 'x' }, '/chat?room=1')).toBe('/chat?room=1 is closed');
    expect(errorText({ code: 'unknown-socket', message: 'x' }, '/chat?room=1')).toBe('no such socket in this tab');
    expect(errorText({ code: 'not-open', message: 'x' }, '/chat?room=1')).toBe('/chat?room=1 is not open yet');
    expect(errorText({ code: 'page-gone', message: 'x' }, '/chat?room=1')).toBe(
      '/chat?room=1 is closed: its page is gone',
    );
    expect(errorText({ code: 'failed', message: 'boom' }, '/chat?room=1')).toBe('the browser refused it: boom');
  });

  it('says "the socket" when the target is not known', () => {
    expect(errorText({ code: 'closed', message: 'x' })).toBe('the socket is closed');
  });
});

describe('storageFaultText', () => {
  it('words each code, and says where the records are', () => {
    expect(
      storageFaultText({ code: 'quota', detail: 'QuotaExceededError: x', unstored: 1200, memoryOnly: false }),
    ).toBe(
      'Recording is not being saved: the browser’s storage quota is full. 1,200 records wait in memory (pages keep them too) while saving is retried.',
    );
    expect(storageFaultText({ code: 'broken', detail: '', unstored: 1, memoryOnly: false })).toContain(
      'the database failed. 1 record waits in memory',
    );
    expect(storageFaultText({ code: 'unavailable', detail: '', unstored: 0, memoryOnly: true })).toBe(
      'Recording is not being saved: the database cannot be opened. Capture goes on in memory only: 0 records would be lost if the extension’s worker stopped.',
    );
  });
});
