// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { within } from '@testing-library/preact';
import { renderPanel } from '../testing';

const frameRow = (data: string) =>
  [...document.querySelectorAll<HTMLElement>('[aria-label="Messages"] [data-kind="frame"]')].find((row) =>
    row.textContent?.includes(data),
  )!;
const detail = () => document.querySelector<HTMLElement>('[aria-label="Message detail"]');

describe('DetailPane', () => {
  it('shows a JSON frame as a tree of its keys and values', async () => {
    const { user } = await renderPanel();
    await user.click(frameRow('"hello"'));
    const tree = within(detail()!).getByRole('group', { name: 'JSON tree' });
    const rows = [...tree.querySelectorAll('.json-row')].map(
      (row) =>
        `${row.querySelector('.json-key, .json-index')?.textContent}: ${row.querySelector('.json-value')?.textContent}`,
    );
    expect(rows).toContain('type: "hello"');
    expect(rows).toContain('user: "ada"');
    expect(within(tree).getByRole('button', { name: 'Collapse tags' })).toBeTruthy();
    expect(within(detail()!).getByRole('tab', { selected: true }).textContent).toBe('JSON');
  });

  it('shows a binary frame as a hex dump', async () => {
    const { user } = await renderPanel();
    await user.click(frameRow('bin'));
    const dump = within(detail()!).getByRole('region', { name: 'Hex dump' });
    const line = dump.querySelector('.hex-line:not(.hex-head)')!;
    expect(line.textContent).toMatch(/^00000000 {2}0a 1b ff 68 69 .* \|\.\.\.hi\|$/);
  });

  it('follows the selection from the keyboard, and closes when the frame leaves the list', async () => {
    const { screen, user } = await renderPanel();
    await user.click(frameRow('"hello"'));
    await user.keyboard('{ArrowDown}');
    expect(within(detail()!).getByText('ping')).toBeTruthy();
    expect(frameRow('ping').getAttribute('aria-selected')).toBe('true');
    // A filter that hides the selected frame: nothing may act on a frame the user no longer sees.
    const filter = screen.getByRole('searchbox', { name: 'Filter messages' });
    await user.type(filter, 'hello');
    expect(detail()).toBeNull();
    // Shown again, the frame is no longer selected: the selection went with it.
    await user.clear(filter);
    expect(frameRow('ping').getAttribute('aria-selected')).toBe('false');
    expect(detail()).toBeNull();
  });

  it('closes when another connection is selected', async () => {
    const { user } = await renderPanel();
    await user.click(frameRow('ping'));
    expect(detail()).not.toBeNull();
    const table = document.querySelector<HTMLElement>('table[aria-label="Connections"]')!;
    await user.click(within(table).getByRole('row', { name: /\/offline/ }));
    expect(detail()).toBeNull();
    await user.click(within(table).getByRole('row', { name: /\/chat/ }));
    expect(detail()).toBeNull();
  });
});
