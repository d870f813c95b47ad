// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/preact';
import { valid } from '../../protocol/testing';
import { renderPanel } from '../testing';

/** The frames the message list shows, as [direction, size cell, delta cell, data cell]. */
const shownFrames = () =>
  [...document.querySelectorAll<HTMLElement>('[aria-label="Messages"] [data-kind="frame"]')].map((row) => {
    const cells = [...row.querySelectorAll('[role="cell"]')].map((cell) => cell.textContent);
    return { dir: row.dataset.dir, delta: cells[2], data: cells[4] };
  });
const frameData = () => shownFrames().map((frame) => frame.data);

describe('MessageList with the filter bar', () => {
  it('lists the frames of the selected socket, each with the time since its previous frame', async () => {
    await renderPanel();
    expect(shownFrames()).toEqual([
      { dir: 'received', delta: '', data: '{"type":"hello","user":"ada","tags":["a","b"]}' },
      { dir: 'sent', delta: '250 ms', data: 'ping' },
      { dir: 'received', delta: '50.0 ms', data: 'bin0a 1b ff 68 69' },
    ]);
  });

  it('keeps the delta to the previous frame of the connection when the filter hides that frame', async () => {
    const { screen, user } = await renderPanel();
    await user.type(screen.getByRole('searchbox', { name: 'Filter messages' }), '0a1b');
    expect(shownFrames()).toEqual([{ dir: 'received', delta: '50.0 ms', data: 'bin0a 1b ff 68 69' }]);
  });

  it('shows what matches the text, and hides it with a leading -', async () => {
    const { screen, user } = await renderPanel();
    const filter = screen.getByRole('searchbox', { name: 'Filter messages' });
    await user.type(filter, 'ping');
    expect(frameData()).toEqual(['ping']);
    expect(screen.getByRole('status', { name: 'Matches' }).textContent).toBe('1 matching frame');
    await user.clear(filter);
    await user.type(filter, '-ping');
    expect(frameData()).toEqual(['{"type":"hello","user":"ada","tags":["a","b"]}', 'bin0a 1b ff 68 69']);
  });

  it('finds a binary frame by its bytes in hex, spaced or not, and by its text', async () => {
    const { screen, user } = await renderPanel();
    const filter = screen.getByRole('searchbox', { name: 'Filter messages' });
    for (const needle of ['1b ff', '1BFF', '1b:ff', 'hi']) {
      await user.clear(filter);
      await user.type(filter, needle);
      expect(frameData(), needle).toEqual(['bin0a 1b ff 68 69']);
    }
    await user.clear(filter);
    await user.type(filter, '-1bff');
    expect(frameData()).toEqual(['{"type":"hello","user":"ada","tags":["a","b"]}', 'ping']);
  });

  it('shows one direction only', async () => {
    const { screen, user } = await renderPanel();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Direction' }), 'sent');
    expect(shownFrames().map((frame) => frame.dir)).toEqual(['sent']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Direction' }), 'received');
    expect(shownFrames().map((frame) => frame.dir)).toEqual(['received', 'received']);
  });

  it('says when the filter is not a valid regular expression', async () => {
    const { screen, user } = await renderPanel();
    await user.type(screen.getByRole('searchbox', { name: 'Filter messages' }), '/(/');
    expect(screen.getByRole('alert').textContent).toMatch(/^Invalid regular expression/);
  });
});

describe('MessageList rows as the window moves', () => {
  const frames = Array.from({ length: 300 }, (_, i) => ({ ...valid.text, sid: 1, t: 2000 + i, data: `m${i}` }));
  const session = [{ ...valid.create, sid: 1, t: 1000 }, { ...valid.open, sid: 1, t: 1001 }, ...frames];
  const rows = () => [...document.querySelectorAll<HTMLElement>('[aria-label="Message rows"] [role="row"]')];
  /** What the rows show, in their order in the list (aria-rowindex), not in the DOM. */
  const shown = () =>
    rows()
      .map((row) => ({ at: Number(row.getAttribute('aria-rowindex')), data: row.querySelector('.data')?.textContent }))
      .sort((a, b) => a.at - b.at);
  const scrollTo = async (top: number, firstData: string) => {
    const scroller = document.querySelector<HTMLElement>('[aria-label="Message rows"]')!;
    scroller.scrollTop = top;
    scroller.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(shown()[0]?.data).toBe(firstData));
  };

  it('shows the rows in view in order, and reuses their elements instead of making new ones', async () => {
    const { service } = await renderPanel(session);
    service.status({}); // a render after the list's first, when it has measured its scroller
    // A list that outgrows its view is put at its end. A window is 400 px of 20 px rows, one more for the
    // rows cut at its edges, and 4 of overscan on each side: 29 rows.
    const rowsFrom = (from: number) => Array.from({ length: 29 }, (_, i) => `m${from + i}`);
    await waitFor(() => expect(shown().map((row) => row.data)).toEqual(rowsFrom(271)));
    const elements = new Set(rows());

    await scrollTo(2000, 'm94'); // row 100 at the top, 4 rows of overscan above it
    expect(shown().map((row) => row.data)).toEqual(rowsFrom(94));
    await scrollTo(2400, 'm114'); // 20 rows further: the rows that left hand their elements to those that came
    expect(shown().map((row) => row.data)).toEqual(rowsFrom(114));
    expect(rows()).toHaveLength(elements.size);
    expect(rows().filter((row) => !elements.has(row))).toEqual([]);
    for (const row of rows()) expect(Number(row.dataset.seq)).toBe(Number(row.getAttribute('aria-rowindex')) - 2);
  });
});
