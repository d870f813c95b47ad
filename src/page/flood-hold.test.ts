import { describe, expect, it } from 'vitest';
import {
  FLOOD_BYTES,
  FLOOD_RECORDS,
  MAX_HELD_BYTES,
  MAX_HELD_MS,
  QUIET_MS,
  WINDOW_MS,
  openFloodHold,
} from './flood-hold';

describe('openFloodHold', () => {
  it('lets ordinary traffic go at once', () => {
    const hold = openFloodHold();
    for (let t = 0; t < 1000; t += 10) {
      hold.taken(FLOOD_RECORDS / 20, 1000, t);
      expect(hold.releaseAt(t)).toBeLessThanOrEqual(t);
      hold.released();
    }
  });

  it('holds a flood until the traffic has been quiet for QUIET_MS', () => {
    const hold = openFloodHold();
    // One batch every 10 ms, each a fifth of a flood's records: a window holds a flood.
    for (let t = 0; t < 300; t += 10) {
      hold.taken(FLOOD_RECORDS / 5, 1000, t);
      // Once recognised, the flood holds its batches (the first ones of a window may go).
      if (t >= WINDOW_MS) expect(hold.releaseAt(t)).toBeGreaterThan(t);
    }
    const at = hold.releaseAt(290);
    expect(at).toBeGreaterThan(290);
    expect(at).toBeLessThanOrEqual(290 + QUIET_MS);
  });

  it('counts bytes as well as records', () => {
    const hold = openFloodHold();
    hold.taken(1, FLOOD_BYTES, 0);
    expect(hold.releaseAt(0)).toBe(QUIET_MS);
  });

  it('lets a flood that never stops go by MAX_HELD_MS from the oldest batch held', () => {
    const hold = openFloodHold();
    for (let t = 0; t < MAX_HELD_MS; t += 5) {
      hold.taken(FLOOD_RECORDS, 1000, t);
      expect(hold.releaseAt(t)).toBeGreaterThan(t);
    }
    hold.taken(FLOOD_RECORDS, 1000, MAX_HELD_MS);
    expect(hold.releaseAt(MAX_HELD_MS)).toBe(MAX_HELD_MS);
    // Once what waited went, the next batches count from their own time.
    hold.released();
    hold.taken(FLOOD_RECORDS, 1000, MAX_HELD_MS + 5);
    expect(hold.releaseAt(MAX_HELD_MS + 5)).toBe(MAX_HELD_MS + 5 + QUIET_MS);
  });

  it('lets everything go at once past MAX_HELD_BYTES', () => {
    const hold = openFloodHold();
    hold.taken(FLOOD_RECORDS, MAX_HELD_BYTES / 2, 0);
    expect(hold.releaseAt(1)).toBeGreaterThan(1);
    hold.taken(FLOOD_RECORDS, MAX_HELD_BYTES / 2, 1);
    expect(hold.releaseAt(1)).toBe(1);
  });
});
