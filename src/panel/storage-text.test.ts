import { describe, expect, it } from 'vitest';
import { storageFaultText } from './storage-text';

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
