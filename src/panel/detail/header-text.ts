/** Texts of the detail header: size with exact bytes, the truncation notice. */
import { formatSize } from '../format';

// Fixed grouping so the texts read the same in every locale (and in tests).
const count = (n: number) => n.toLocaleString('en-US');

/** "2.0 kB (2,048 bytes)"; sizes below 1 kB are exact already ("12 B"). */
export function sizeText(size: number): string {
  return size < 1000 ? formatSize(size) : `${formatSize(size)} (${count(size)} bytes)`;
}

/** The notice for a cut payload: how many of its bytes the record holds. */
export function truncationNotice(capturedBytes: number, size: number): string {
  return `Only the first ${count(capturedBytes)} bytes of ${count(size)} were captured`;
}

export function directionText(dir: 'sent' | 'received'): string {
  return dir === 'sent' ? '↑ Sent' : '↓ Received';
}
