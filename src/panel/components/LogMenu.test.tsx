// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { valid } from '../../protocol/testing';
import { renderPanel } from '../testing';

const login = '{"op":"login","password":"hunter2-PLANT","mail":"ann@example.test"}';
const records = [
  { ...valid.create, sid: 1, url: 'ws://app.test/live?access_token=PLANT-url-token' },
  { ...valid.open, sid: 1 },
  { ...valid.text, sid: 1, dir: 'sent' as const, data: login, size: login.length },
];

/** The exported file's text, caught where the menu hands its Blob to the download link. */
async function exportedText(): Promise<string> {
  const create = vi.mocked(URL.createObjectURL);
  const blob = create.mock.calls.at(-1)![0] as Blob;
  return blob.text();
}

afterEach(() => vi.restoreAllMocks());

describe('the log menu export', () => {
  it('masks secrets when "Redact secrets" is checked, and says how many', async () => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:test');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { screen, user } = await renderPanel(records);
    await user.selectOptions(screen.getByLabelText('Export format'), 'json');

    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(await exportedText()).toContain('hunter2-PLANT');

    await user.click(screen.getByRole('checkbox', { name: /Redact secrets/ }));
    await user.click(screen.getByRole('button', { name: 'Export' }));
    const text = await exportedText();
    for (const secret of ['hunter2-PLANT', 'ann@example.test', 'PLANT-url-token']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ redaction: { masked: 3 } });
    expect(screen.getByLabelText('Log message').textContent).toMatch(/3 secrets masked/);
  });
});
