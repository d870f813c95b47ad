// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
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
