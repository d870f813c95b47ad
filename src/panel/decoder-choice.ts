/**
 * The user's choice of decoder for a socket endpoint (its origin and path, so
 * `/socket.io/` and `/graphql` of one origin can differ): a decoder's label,
 * or 'none' for raw frames; absent means detect. Kept in localStorage (the
 * panel's own origin) like the layout, so it holds for the next session.
 */
import { signal } from '@preact/signals';
import { decoderByLabel } from '../lib/decoders/registry';
import type { ConnectionInfo, Decoder } from '../lib/decoders/types';

const KEY = 'wsl.decoderChoice';
/** Endpoints remembered at most; the oldest choices go first. */
const MAX_CHOICES = 200;

export const NO_DECODER = 'none';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function load(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
  } catch {
    return {};
  }
}

/** Endpoint → label or NO_DECODER. */
export const decoderChoices = signal<Readonly<Record<string, string>>>(load());

/** A socket URL's endpoint: origin and path, no query (session ids and tokens live there). */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

export function chooseDecoder(url: string, label: string | undefined): void {
  const next = { ...decoderChoices.value };
  delete next[endpointOf(url)];
  if (label !== undefined) next[endpointOf(url)] = label;
  const kept = Object.fromEntries(Object.entries(next).slice(-MAX_CHOICES));
  decoderChoices.value = kept;
  try {
    storage()?.setItem(KEY, JSON.stringify(kept));
  } catch {
    // A full or refused storage keeps the choice for this panel only.
  }
}

/** For TabDecoding: the remembered choice for a connection among `decoders`, or undefined to detect. */
export function chosenDecoder(
  choices: Readonly<Record<string, string>>,
  info: ConnectionInfo,
  decoders: readonly Decoder[],
): Decoder | null | undefined {
  const label = choices[endpointOf(info.url)];
  if (label === undefined) return undefined;
  return label === NO_DECODER ? null : (decoderByLabel(label, decoders) ?? undefined);
}
