import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, detailBeside, parseLayout } from './layout';

describe('parseLayout', () => {
  it('gives the defaults for nothing stored, or something unreadable', () => {
    expect(parseLayout(null)).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('{not json')).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('42')).toEqual(DEFAULT_LAYOUT);
  });

  it('keeps valid values, clamps sizes into range and drops unknown columns', () => {
    const layout = parseLayout(
      JSON.stringify({
        connectionsWidth: 5,
        detailHeight: 300.4,
        detailWidth: 1e9,
        detailPlacement: 'beside',
        connectionColumns: ['bytes', 'nope', 'state'],
        composerOpen: true,
      }),
    );
    expect(layout).toEqual({
      connectionsWidth: 140,
      detailHeight: 300,
      detailWidth: 1400,
      detailPlacement: 'beside',
      connectionColumns: ['state', 'bytes'],
      composerOpen: true,
    });
  });

  it('replaces a wrong type field by field', () => {
    const layout = parseLayout(JSON.stringify({ detailPlacement: 'left', composerOpen: 'yes', connectionsWidth: 300 }));
    expect(layout).toEqual({ ...DEFAULT_LAYOUT, connectionsWidth: 300 });
  });
});

describe('detailBeside', () => {
  it('follows an explicit choice', () => {
    expect(detailBeside('below', 1920, 400)).toBe(false);
    expect(detailBeside('beside', 600, 900)).toBe(true);
  });

  it('puts the detail beside in a wide, short panel and below in a tall or narrow one', () => {
    expect(detailBeside('auto', 1000, 420)).toBe(true);
    expect(detailBeside('auto', 1920, 1080)).toBe(true);
    expect(detailBeside('auto', 1000, 900)).toBe(false);
    expect(detailBeside('auto', 800, 300)).toBe(false);
  });
});
