import { describe, expect, it } from 'vitest';
import { StorageFault, storageFault } from './storage-fault';

describe('storageFault', () => {
  it('gives a code by what the browser said, and keeps its words as detail', () => {
    const quota = storageFault(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(quota).toMatchObject({ code: 'quota', detail: 'QuotaExceededError: The quota has been exceeded.' });
    expect(storageFault(new DOMException('The database connection is closing.', 'InvalidStateError'))).toMatchObject({
      code: 'broken',
    });
    expect(storageFault(new DOMException('Version 2 is less than 99', 'VersionError'), true)).toMatchObject({
      code: 'unavailable',
      detail: 'VersionError: Version 2 is less than 99',
    });
    // Out of space while opening is still out of space.
    expect(storageFault(new DOMException('full', 'QuotaExceededError'), true).code).toBe('quota');
    expect(storageFault('weird').detail).toBe('Error: weird');
    const known = new StorageFault('broken', 'x');
    expect(storageFault(known, true)).toBe(known);
    expect(storageFault(new Error('x'.repeat(1000))).detail).toHaveLength(500);
  });
});
