// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { valid } from '../../protocol/testing';
import { renderPanel } from '../testing';

const T0 = 1_800_000_000_000;
const frame = (t: number, dir: 'sent' | 'received', data: string) => ({
  ...valid.text,
  sid: 1,
  t,
  dir,
  data,
  size: data.length,
});
/** JSON-RPC: "sum" called four times, answered after 10, 20, 30 and 40 ms; "mul" never answered. */
const rpc = [
  { ...valid.create, sid: 1, t: T0, url: 'ws://rpc.test/' },
  { ...valid.open, sid: 1, t: T0 + 1, protocol: '' },
  ...[1, 2, 3, 4].flatMap((i) => [
    frame(T0 + i * 1000, 'sent', `{"jsonrpc":"2.0","method":"sum","params":[${i}],"id":${i}}`),
    frame(T0 + i * 1000 + i * 10, 'received', `{"jsonrpc":"2.0","result":${i},"id":${i}}`),
  ]),
  frame(T0 + 5000, 'sent', '{"jsonrpc":"2.0","method":"mul","id":9}'),
];

const table = (name: string) =>
  [...document.querySelectorAll(`table[aria-label="${name}"] tbody tr`)].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent),
  );

describe('the statistics view', () => {
  it('counts what the list shows by kind and name, with reply latencies and unanswered requests', async () => {
    const { screen, user } = await renderPanel(rpc);
    await user.click(screen.getByRole('button', { name: 'Statistics' }));
    expect(document.querySelector('.stats-summary')!.textContent).toMatch(/^9 frames · 387 B over 4\.00 s/);
    expect(table('Messages by name')).toEqual([
      ['json-rpc', 'request', 'sum', '4', '208 B', '1.00', '20.0 ms', '40.0 ms', '40.0 ms', ''],
      ['json-rpc', 'result', 'sum', '4', '140 B', '1.00', '', '', '', ''],
      ['json-rpc', 'request', 'mul', '1', '39 B', '0.25', '', '', '', '1'],
    ]);
  });

  it('follows the filter', async () => {
    const { screen, user } = await renderPanel(rpc);
    await user.click(screen.getByRole('button', { name: 'Statistics' }));
    await user.type(screen.getByRole('searchbox', { name: 'Filter messages' }), 'method:mul');
    expect(table('Messages by name').map((row) => row[2])).toEqual(['mul']);
  });
});
