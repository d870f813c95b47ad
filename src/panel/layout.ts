/**
 * How the user arranged the panel: pane sizes, where the detail sits, which
 * connection columns show, whether the composer is open. Kept per user in
 * localStorage (the panel's own origin), so it survives closing DevTools.
 * Parsing is forgiving: anything missing or out of range takes its default.
 */
import { effect, signal } from '@preact/signals';

export const CONNECTION_COLUMNS = ['frame', 'state', 'protocol', 'opened', 'duration', 'frames', 'bytes'] as const;
export type ConnectionColumn = (typeof CONNECTION_COLUMNS)[number];

/** `auto`: beside the messages in a wide panel, below them in a tall one. */
export type DetailPlacement = 'auto' | 'below' | 'beside';

export interface Layout {
  connectionsWidth: number;
  /** The detail's height when below the messages, and its width when beside them. */
  detailHeight: number;
  detailWidth: number;
  detailPlacement: DetailPlacement;
  connectionColumns: ConnectionColumn[];
  composerOpen: boolean;
}

export const DEFAULT_LAYOUT: Layout = {
  connectionsWidth: 260,
  detailHeight: 220,
  detailWidth: 380,
  detailPlacement: 'auto',
  connectionColumns: ['state', 'frames'],
  composerOpen: false,
};

/** Limits every size is kept within (a pane dragged to nothing could not be found again). */
export const SIZE_LIMITS = {
  connectionsWidth: [140, 900],
  detailHeight: [80, 1200],
  detailWidth: [220, 1400],
} as const satisfies Record<string, readonly [number, number]>;

const STORAGE_KEY = 'wsl-layout';

export function clampSize(key: keyof typeof SIZE_LIMITS, value: number): number {
  const [min, max] = SIZE_LIMITS[key];
  return Math.round(Math.min(max, Math.max(min, value)));
}

/** Reads a stored layout; whatever is missing or invalid takes its default. */
export function parseLayout(text: string | null): Layout {
  let stored: Record<string, unknown> = {};
  try {
    const value: unknown = text ? JSON.parse(text) : {};
    if (value && typeof value === 'object') stored = value as Record<string, unknown>;
  } catch {
    // A corrupt entry is as good as none.
  }
  const size = (key: keyof typeof SIZE_LIMITS) => {
    const value = stored[key];
    return typeof value === 'number' && Number.isFinite(value) ? clampSize(key, value) : DEFAULT_LAYOUT[key];
  };
  const placement = stored.detailPlacement;
  const columns = stored.connectionColumns;
  return {
    connectionsWidth: size('connectionsWidth'),
    detailHeight: size('detailHeight'),
    detailWidth: size('detailWidth'),
    detailPlacement:
      placement === 'below' || placement === 'beside' || placement === 'auto'
        ? placement
        : DEFAULT_LAYOUT.detailPlacement,
    connectionColumns: Array.isArray(columns)
      ? CONNECTION_COLUMNS.filter((c) => columns.includes(c))
      : DEFAULT_LAYOUT.connectionColumns,
    composerOpen: typeof stored.composerOpen === 'boolean' ? stored.composerOpen : DEFAULT_LAYOUT.composerOpen,
  };
}

/** Where the detail goes for `placement` in a panel of this size. */
export function detailBeside(placement: DetailPlacement, width: number, height: number): boolean {
  if (placement !== 'auto') return placement === 'beside';
  // Docked at the bottom (wide and short) every row counts: the detail goes to the side.
  return width >= 900 && width >= 1.6 * height;
}

const storage = (): Storage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage can be blocked
  }
};

export const layout = signal<Layout>(parseLayout(storage()?.getItem(STORAGE_KEY) ?? null));

effect(() => {
  const value = layout.value;
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(value));
  } catch {
    // Quota or blocked storage: the layout just is not remembered.
  }
});

export function updateLayout(patch: Partial<Layout>): void {
  layout.value = { ...layout.value, ...patch };
}
