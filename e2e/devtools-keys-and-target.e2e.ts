/**
 * The panel inside real DevTools (issue 17), driven over CDP: actions go to the
 * connection the user sees, checked at the test server, and the panel's keys
 * (Esc, Ctrl+F) act in the panel only, with DevTools' console drawer left
 * closed. Keys are real input events sent to the panel's frame
 * (`Input.dispatchKeyEvent`), so they travel as a user's would, through the
 * extension API script DevTools puts in our page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLens, type Lens } from './harness/lens';
import { actionsFixture, type ActionsFixture } from './harness/actions-page';
import { CdpClient, listTargets, showLensPanel, waitFor } from '../src/cli/cdp';

/** The panel renders in another process on a shared machine: give what it shows a few seconds. */
const SOON = { timeout: 10_000 };

let lens: Lens;
let fixture: ActionsFixture;
let panel: CdpClient;
let frontend: CdpClient;

beforeAll(async () => {
  lens = await startLens({ devtools: true });
  const { page } = await lens.openFixture('actions.html');
  fixture = actionsFixture(page, lens.server);
  await fixture.connect('first', { path: 'sink' });
  await fixture.connect('second', { path: 'sink' });
  await fixture.send('first', 'from-first');
  await fixture.send('second', 'from-second');
  await waitFor('the server to get both frames', async () =>
    (await fixture.received('second')).length === 1 ? true : undefined,
  );
  if (lens.debuggingPort === undefined) throw new Error('launched without a debugging port');
  panel = await CdpClient.connect(await showLensPanel(lens.debuggingPort, lens.extensionId, page.url()));
  const titlePart = page.url().replace(/^http:\/\//, '');
  const devtools = (await listTargets(lens.debuggingPort)).find(
    (t) => t.type === 'page' && t.url.startsWith('devtools://') && t.title.includes(titlePart),
  );
  frontend = await CdpClient.connect(devtools!.webSocketDebuggerUrl);
});
afterAll(async () => {
  panel?.close();
  frontend?.close();
  await lens?.shutdown();
});

/** Runs in the panel: clicks the connection row whose URL has `name=<name>`; false until it is rendered. */
const clickConnection = (name: string) =>
  panel.evaluate<boolean>(`(() => {
    const row = [...document.querySelectorAll('table[aria-label="Connections"] tbody tr')]
      .find((tr) => tr.title.split('\\n')[0].endsWith('name=${name}'));
    row?.click();
    return Boolean(row);
  })()`);

/** Runs in the panel: clicks the frame row whose data reads `text`; false until it is rendered. */
const clickFrame = (text: string) =>
  panel.evaluate<boolean>(`(() => {
    const row = [...document.querySelectorAll('[aria-label="Messages"] .scroller [role="row"][data-kind="frame"]')]
      .find((r) => r.querySelector('.data')?.textContent.includes(${JSON.stringify(text)}));
    row?.click();
    return Boolean(row);
  })()`);

/** The Resend button's words, or null when no detail is shown. */
const resendLabel = () =>
  panel.evaluate<string | null>(
    `document.querySelector('[aria-label="Message detail"] button.resend')?.textContent ?? null`,
  );

const drawerVisible = () =>
  frontend.evaluate<boolean>(`(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    return UI.InspectorView.InspectorView.instance().drawerVisible();
  })()`);

/** A key pressed as a user would, into the panel's frame. */
/**
 * A real click on the messages' Delta header (it does nothing): keys dispatched to the
 * DevTools window go to its focused frame, and only real input makes that our panel.
 */
async function focusPanelFrame(): Promise<void> {
  const [x, y] = await panel.evaluate<[number, number]>(`(() => {
    const header = [...document.querySelectorAll('[aria-label="Messages"] [role="columnheader"]')].find((h) => h.textContent.trim() === 'Delta');
    const r = header.getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2];
  })()`);
  for (const type of ['mousePressed', 'mouseReleased'])
    await panel.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
}

async function press(key: string, code: string, keyCode: number, modifiers = 0): Promise<void> {
  const base = { key, code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode, modifiers };
  await panel.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...base });
  await panel.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
}

it('acts on the connection shown: another connection selected clears the detail, and Resend goes to the one shown', async () => {
  await expect.poll(() => clickConnection('first'), SOON).toBe(true);
  await expect.poll(() => clickFrame('from-first'), SOON).toBe(true);
  await expect.poll(resendLabel, SOON).toBe('Resend to /sink?name=first');

  // Another connection: the first one's frame is no longer in view, so neither is its detail.
  await clickConnection('second');
  await expect.poll(resendLabel, SOON).toBe(null);
  await expect.poll(() => clickFrame('from-second'), SOON).toBe(true);
  await expect.poll(resendLabel, SOON).toBe('Resend to /sink?name=second');
  await panel.evaluate(`document.querySelector('[aria-label="Message detail"] button.resend').click()`);

  await expect.poll(() => fixture.received('second'), SOON).toEqual(['from-second', 'from-second']);
  expect(await fixture.received('first')).toEqual(['from-first']);
  await expect
    .poll(
      () => panel.evaluate<string>(`document.querySelector('[aria-label="Action result"]')?.textContent ?? ''`),
      SOON,
    )
    .toBe('Resent on /sink?name=second');
});

it('clears the detail when a filter hides its frame', async () => {
  await expect.poll(() => clickFrame('from-second'), SOON).toBe(true);
  await expect.poll(resendLabel, SOON).not.toBe(null);
  await panel.evaluate(`(() => {
    const input = document.querySelector('input[aria-label="Filter messages"]');
    input.value = '-from-second';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
  await expect.poll(resendLabel, SOON).toBe(null);
  await panel.evaluate(`(() => {
    const input = document.querySelector('input[aria-label="Filter messages"]');
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
});

it('keeps Esc and Ctrl+F in the panel: the detail closes, the filter takes focus, the console drawer stays closed', async () => {
  expect(await drawerVisible()).toBe(false);
  await expect.poll(() => clickFrame('from-second'), SOON).toBe(true);
  await expect.poll(resendLabel, SOON).not.toBe(null);
  await focusPanelFrame();
  await panel.evaluate(`document.querySelector('[aria-label="Message rows"]').focus()`);

  await press('Escape', 'Escape', 27);
  await expect.poll(resendLabel, SOON).toBe(null);
  // A second Esc with nothing left to close is still ours.
  await press('Escape', 'Escape', 27);

  await press('f', 'KeyF', 70, 2 /* Ctrl */);
  await expect
    .poll(() => panel.evaluate<string | null>(`document.activeElement?.getAttribute('aria-label') ?? null`), SOON)
    .toBe('Filter messages');
  // Give DevTools the time it would need to act on a forwarded key.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await drawerVisible()).toBe(false);

  // The control: the same Esc dispatched at the document itself, past the panel's handler on <html>,
  // reaches DevTools and opens the drawer. Without this the check above could pass for the wrong reason.
  // (Focus leaves the filter first: DevTools forwards no plain key typed into an input.)
  await panel.evaluate(`(() => {
    document.activeElement.blur();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', keyCode: 27, bubbles: true }));
  })()`);
  await expect.poll(drawerVisible, SOON).toBe(true);
});
