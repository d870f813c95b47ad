// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/preact';
import { valid } from '../../protocol/testing';
import { renderPanel } from '../testing';

/** A Tick { symbol: "EUR", price: 1.5 } as protobuf bytes. */
const tick = new Uint8Array([0x0a, 0x03, 0x45, 0x55, 0x52, 0x11, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
const session = [
  { ...valid.create, sid: 1, t: 1000, url: 'ws://x.test/ticks' },
  { ...valid.open, sid: 1, t: 1001, protocol: '' },
  { ...valid.binary, sid: 1, t: 1002, dir: 'received', data: tick, size: tick.length, truncated: false },
];
const PROTO =
  'syntax = "proto3";\npackage market;\nmessage Tick { string symbol = 1; double price = 2; }\nmessage Other { int32 n = 1; }';

describe('protobuf schemas in the panel', () => {
  it('decodes binary frames with a .proto the user gives, for the socket URLs they name', async () => {
    const { screen, user } = await renderPanel(session);
    await user.click(screen.getByRole('button', { name: 'Protobuf schema…' }));
    const text = screen.getByRole('textbox', { name: '.proto text' });
    await user.click(text);
    await user.paste(PROTO);
    text.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(screen.getAllByRole('option', { name: 'market.Tick' })).toHaveLength(1));
    expect((screen.getByRole('textbox', { name: 'Socket URL pattern' }) as HTMLInputElement).value).toBe(
      'ws://x.test/ticks*',
    );
    await user.click(screen.getByRole('button', { name: 'Save schema' }));
    await waitFor(() =>
      expect(document.querySelector('[data-kind="frame"] .meaning')?.textContent).toBe('message market.Tick'),
    );
    await user.click(document.querySelector<HTMLElement>('[data-kind="frame"]')!);
    expect(document.querySelector('.decoded')!.textContent).toContain('EUR');
    expect(document.querySelector('.decoded')!.textContent).toContain('1.5');
  });

  it('says why a .proto cannot be used', async () => {
    const { screen, user } = await renderPanel(session);
    await user.click(screen.getByRole('button', { name: 'Protobuf schema…' }));
    const text = screen.getByRole('textbox', { name: '.proto text' });
    await user.click(text);
    await user.paste('message {');
    text.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/does not parse/));
  });
});
