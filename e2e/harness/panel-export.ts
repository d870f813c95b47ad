/**
 * Reading what the panel exports, in either browser: Chromium's Playwright
 * pages and Firefox's Puppeteer pages both offer `evaluate`.
 */

/** What both browsers' page objects offer. */
export interface Evaluator {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** Exports the session as HAR with the panel's own Export button, catching the download link it clicks. */
export function exportHarFromPanel(panel: Evaluator): Promise<string> {
  return panel.evaluate(async () => {
    const clicked = new Promise<string>((resolve) => {
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        resolve(this.href);
      };
    });
    const pick = (label: string, value: string) => {
      const select = document.querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`)!;
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    pick('Export format', 'har');
    pick('Export scope', 'session');
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Export')!.click();
    return (await fetch(await clicked)).text();
  }, undefined);
}
