import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard';

/** Just enough DOM for the textarea fallback, recording what was copied. */
function fakeDocument(execResult: boolean) {
  const copied: string[] = [];
  const area = {
    value: '',
    style: {} as Record<string, string>,
    setAttribute: vi.fn(),
    select: vi.fn(),
    remove: vi.fn(),
  };
  const document = {
    activeElement: null,
    createElement: vi.fn(() => area),
    body: { append: vi.fn() },
    execCommand: vi.fn((command: string) => {
      if (command === 'copy') copied.push(area.value);
      return execResult;
    }),
  };
  return { document, area, copied };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('copyText', () => {
  it('uses the Clipboard API when it works', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    const { document, copied } = fakeDocument(true);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    vi.stubGlobal('document', document);
    await expect(copyText('hello')).resolves.toBe(true);
    expect(writeText).toHaveBeenCalledWith('hello');
    expect(copied).toEqual([]);
  });

  it('falls back to a selected textarea when the Clipboard API refuses', async () => {
    const writeText = vi.fn(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    const { document, area, copied } = fakeDocument(true);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    vi.stubGlobal('document', document);
    vi.stubGlobal('HTMLElement', class {});
    await expect(copyText('hello')).resolves.toBe(true);
    expect(copied).toEqual(['hello']);
    expect(area.select).toHaveBeenCalled();
    expect(area.remove).toHaveBeenCalled();
  });

  it('falls back when there is no Clipboard API, and reports failure', async () => {
    const { document, area } = fakeDocument(false);
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('document', document);
    vi.stubGlobal('HTMLElement', class {});
    await expect(copyText('x')).resolves.toBe(false);
    expect(area.remove).toHaveBeenCalled();
  });
});
