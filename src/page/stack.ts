/**
 * Stack traces without our frames. An error the native throws while one of our
 * Proxy traps is on the stack would otherwise carry a frame
 * `at Object.construct (chrome-extension://…)`, and `window.onerror` would report
 * our script as its source: V8 takes an uncaught error's location from the top
 * frame of its captured stack. Capturing the stack again from the trap's caller
 * gives the page the frames, the location and the `stack` accessor it gets natively.
 */
import { bare, call, isObjectLike, natives } from './natives';

type AnyFunction = (...args: never[]) => unknown;

/** Re-captures the stack of an error the native threw inside `trap`, as seen from the trap's caller. */
export function hideFrames(error: unknown, trap: AnyFunction): unknown {
  if (isObjectLike(error)) {
    try {
      natives.captureStackTrace(error, trap);
    } catch {
      // A frozen error keeps its stack.
    }
  }
  return error;
}

/**
 * The page's stack at a call into `trap`, our frames left out. Empty when the page
 * has its own Error.prepareStackTrace: formatting would call it, and the page
 * would see a call it never made.
 */
export function callerStack(trap: AnyFunction): string {
  const prepare = natives.getOwnPropertyDescriptor(natives.Error, 'prepareStackTrace');
  // Own keys only: a data descriptor has no `get`, and reading it would reach a page getter on Object.prototype.
  if (prepare && (natives.hasOwn(prepare, 'get') || typeof prepare.value === 'function')) return '';
  // V8 looks the hook up through Error's prototypes too (Object.prototype.prepareStackTrace): a page accessor
  // there would run, or throw, inside our capture. `has` finds it without calling it.
  if (!prepare && natives.has(natives.Error, 'prepareStackTrace')) return '';
  // No prototype: the "Error" header is made without reading a page-visible name or message.
  const holder = bare({ stack: '' });
  natives.captureStackTrace(holder, trap);
  const stack = holder.stack;
  // V8 starts with a header line, "Error" (the holder has no name or message);
  // SpiderMonkey has none: its first line is already the caller's frame.
  const firstBreak = call(natives.stringIndexOf, stack, '\n');
  const firstLine = firstBreak < 0 ? stack : call(natives.stringSlice, stack, 0, firstBreak);
  if (firstLine !== 'Error') return stack;
  return firstBreak < 0 ? '' : call(natives.stringSlice, stack, firstBreak + 1);
}
