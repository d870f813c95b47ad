/**
 * One socket's frames in one direction, one at a time and in order, while a
 * rule or breakpoint holds some of them back. A step that waits (a delay, a
 * breakpoint, a dispatch still to come) holds every later step of that socket
 * behind it, so the page and the server see frames in their order; nothing
 * here blocks the page's thread. A step calls `done` when it has finished, at
 * once or later. No arrays or promises (a page can reach their prototypes):
 * a linked list, as in order.ts.
 */
export type Step = (done: () => void) => void;

export interface Gate {
  /** True while a step waits or is queued: a later frame must queue behind it. */
  busy(): boolean;
  /** Runs the step now if nothing is ahead of it, else after those ahead. */
  push(step: Step): void;
}

interface Node {
  step: Step;
  next: Node | null;
}

export function openGate(): Gate {
  let head: Node | null = null;
  let tail: Node | null = null;
  let running = false;

  const run = () => {
    while (head && !running) {
      const node = head;
      head = node.next;
      if (!head) tail = null;
      running = true;
      let sync = true;
      let finished = false;
      const done = () => {
        if (finished) return;
        finished = true;
        if (sync) return;
        running = false;
        run();
      };
      try {
        node.step(done);
      } catch {
        finished = true; // a failed step must not hold the socket forever
      }
      sync = false;
      if (finished) running = false;
    }
  };

  return {
    busy: () => running || head !== null,
    push(step) {
      const node: Node = { step, next: null };
      if (tail) tail.next = node;
      else head = node;
      tail = node;
      run();
    },
  };
}
