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

/** A frame row as the Message column shows it (issue 19). */
export interface DecodedRow {
  seq: number;
  dir: string;
  type: string;
  /** "EVENT chat", "+2" when the frame carries more messages. */
  meaning: string;
  /** "↩ 12.3 ms", "no reply", "waiting" or "". */
  pair: string;
}

/** One message of the detail's Decoded tab. */
export interface DecodedDetail {
  kind: string;
  /** "socket.io EVENT chat · id 0", as its header reads. */
  head: string;
  /** "Reply to #12 after 40.2 ms", "1 reply: #14", "Never answered: …". */
  exchange: string;
  /** The body's tree or scalar, as text. */
  body: string;
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

  /** The rendered frame rows with their Message column (shown when a selected connection speaks a known protocol). */
  async decodedRows(): Promise<DecodedRow[]> {
    return this.page.locator('[aria-label="Messages"] .scroller [role="row"][data-kind="frame"]').evaluateAll((rows) =>
      rows
        .map((row) => {
          const el = row as HTMLElement;
          const cell = el.querySelector('.meaning');
          const pair = (cell?.querySelector('.pair')?.textContent ?? '').trim();
          const all = (cell?.textContent ?? '').trim();
          return {
            seq: Number(el.dataset.seq),
            dir: el.dataset.dir ?? '',
            type: el.dataset.type ?? '',
            meaning: (pair && all.startsWith(pair) ? all.slice(pair.length) : all).trim(),
            pair,
          };
        })
        .sort((a, b) => a.seq - b.seq),
    );
  }

  /** Selects the frame `seq` and reads its Decoded tab. */
  async decodedDetail(seq: number): Promise<DecodedDetail[]> {
    // A tab opened since (another page, the session client's bridge) leaves this one hidden, where
    // animation frames stall and every click waits for them.
    await this.page.bringToFront();
    await this.page.locator(`[aria-label="Messages"] [role="row"][data-seq="${seq}"]`).click();
    const detail = this.page.getByRole('region', { name: 'Message detail' });
    await detail.getByRole('tab', { name: 'Decoded' }).click();
    const messages = detail.locator('[aria-label="Decoded messages"] .decoded-message');
    await messages.first().waitFor();
    return messages.evaluateAll((sections) =>
      sections.map((section) => {
        const text = (selector: string) =>
          (section.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
        return {
          kind: (section as HTMLElement).dataset.kind ?? '',
          head: text('.decoded-head'),
          exchange: text('.decoded-exchange'),
          body: text('.json-tree, .decoded-scalar'),
        };
      }),
    );
  }

  /** Sets the filter bar's "Hide control" (offered when a shown connection is decoded). */
  async hideControl(on: boolean): Promise<void> {
    await this.page.getByRole('checkbox', { name: 'Hide control' }).setChecked(on);
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
