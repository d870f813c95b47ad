/** Fails the e2e run up front, with an install hint, when there is no Chromium: never a silent skip. */
import { findChromium } from '../../src/cli/chromium';

export default function setup(): void {
  findChromium();
}
