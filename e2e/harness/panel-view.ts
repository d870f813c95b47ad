/**
 * Reads and drives the panel through its accessible structure (table names,
 * rows, data attributes), the way a user sees it.
 */
import type { Locator, Page } from 'playwright-core';

export interface MessageRow {
  kind: string;
  dir?: string;
  type?: string;
  size?: number;
  text: string;
  /** Sent from DevTools, simulated, or what a rule did (e.g. "blocked by no pings"). */
  mark?: string;
  /** The data cell without its badges (connection, bin, cut, marks). */
  preview?: string;
}

export class PanelView {
  constructor(readonly page: Page) {}

  get connections(): Locator {
    return this.page.locator('table[aria-label="Connections"] tbody tr');
  }

  connection(urlPart: string): Locator {
    return this.connections.filter({ hasText: urlPart });
  }

  async select(urlPart: string): Promise<void> {
    await this.connection(urlPart).first().click();
  }

  /** The connection id (`<doc>.<sid>`) of the first connection whose URL contains `urlPart`. */
  async connId(urlPart: string): Promise<string> {
    return (await this.connection(urlPart).first().getAttribute('data-connection')) ?? '';
  }

  /** The rendered rows of the messages table (it is virtualized: rows far out of view are not in the DOM). */
  async messages(): Promise<MessageRow[]> {
    return this.page.locator('[aria-label="Messages"] .scroller [role="row"]').evaluateAll((rows) =>
      rows
        .map((row) => {
          const el = row as HTMLElement;
          return {
            seq: Number(el.dataset.seq),
            kind: el.dataset.kind ?? '',
            dir: el.dataset.dir,
            type: el.dataset.type,
            size: el.dataset.size === undefined ? undefined : Number(el.dataset.size),
            mark: el.dataset.mark,
            text: (el.querySelector('.data')?.textContent ?? '').trim(),
            preview: [...(el.querySelector('.data')?.childNodes ?? [])]
              .filter((node) => !(node instanceof HTMLElement && node.classList.contains('badge')))
              .map((node) => node.textContent)
              .join('')
              .trim(),
          };
        })
        .sort((a, b) => a.seq - b.seq)
        .map(({ seq: _seq, ...rest }) => rest),
    );
  }

  get droppedMarker(): Locator {
    return this.page.locator('[aria-label="Messages"] [data-kind="dropped"]');
  }

  async connectionCells(urlPart: string): Promise<{ state: string; text: string; title: string }> {
    const row = this.connection(urlPart).first();
    return {
      state: (await row.getAttribute('data-state')) ?? '',
      text: (await row.textContent()) ?? '',
      title: (await row.getAttribute('title')) ?? '',
    };
  }
}
