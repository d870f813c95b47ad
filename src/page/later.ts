/**
 * Tasks of our own, later: through scheduler.postTask where the browser has
 * it, because setTimeout hands out ids from the page's own counter (a page
 * would see its next timer id jump). Tasks posted with the same delay run in
 * the order they were posted, as setTimeout's do.
 */
import { bare, call, natives } from './natives';

/**
 * Runs `callback` after `delay` ms. It must not throw: postTask would turn that into a page-visible unhandled rejection.
 * The promise postTask returns is left alone: a `then` on it would look up `constructor` where a page could see it.
 */
export function later(callback: () => unknown, delay = 0): void {
  if (natives.postTask) call(natives.postTask, natives.scheduler, callback, bare({ delay }));
  else natives.setTimeout(callback, delay);
}

/** `callback` wrapped so that nothing it throws leaves our task. */
export function guarded(callback: () => void): () => void {
  return () => {
    try {
      callback();
    } catch {
      // Best effort: a held frame that fails here is lost rather than reported on the page.
    }
  };
}
