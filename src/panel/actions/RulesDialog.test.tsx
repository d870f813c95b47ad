// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitFor, within } from '@testing-library/preact';
import { DEFAULT_FAULT, type Rule } from '../../protocol/actions';
import { renderPanel, TAB } from '../testing';
import { rulesFile } from './rules-file';

type Rendered = Awaited<ReturnType<typeof renderPanel>>;

/** Opens the Rules dialog and adds one rule; returns the dialog and the new rule's fieldset. */
async function addRule({ user, screen }: Rendered) {
  await user.click(screen.getByRole('button', { name: /^Rules/ }));
  const dialog = screen.getByRole('dialog', { name: 'Intercept rules', hidden: true });
  await user.click(within(dialog).getByRole('button', { name: 'Add rule', hidden: true }));
  const groups = within(dialog).getAllByRole('group', { hidden: true });
  return { dialog, rule: groups[groups.length - 1]! };
}

const setRules = (service: Rendered['service']) => service.received.filter((r) => r.type === 'set-rules');

describe('Rules dialog: fault rules', () => {
  it('offers a seeded drop with its share, and sends the rule with its parameters', async () => {
    const rendered = await renderPanel();
    const { user, service } = rendered;
    const { dialog, rule } = await addRule(rendered);
    const q = within(rule);
    await user.clear(q.getByLabelText('Name'));
    await user.type(q.getByLabelText('Name'), 'lossy');
    await user.selectOptions(q.getByLabelText('Action'), 'drop');
    expect(q.queryByLabelText('Delay (ms)')).toBeNull();
    await user.clear(q.getByLabelText('Drop (%)'));
    await user.type(q.getByLabelText('Drop (%)'), '25');
    await user.clear(q.getByLabelText('Seed'));
    await user.type(q.getByLabelText('Seed'), '42');
    await user.click(within(dialog).getByRole('button', { name: 'Apply', hidden: true }));
    await waitFor(() => expect(setRules(service)).toHaveLength(1));
    expect(setRules(service)[0]).toMatchObject({
      tabId: TAB,
      rules: [{ name: 'lossy', action: 'drop', fault: { ...DEFAULT_FAULT, dropPercent: 25, seed: 42 } }],
    });
  });

  it('offers jitter as a range and refuses one that runs backwards, naming the field', async () => {
    const rendered = await renderPanel();
    const { user, service } = rendered;
    const { dialog, rule } = await addRule(rendered);
    const q = within(rule);
    await user.selectOptions(q.getByLabelText('Action'), 'jitter');
    await user.clear(q.getByLabelText('Jitter from (ms)'));
    await user.type(q.getByLabelText('Jitter from (ms)'), '500');
    await user.clear(q.getByLabelText('Jitter to (ms)'));
    await user.type(q.getByLabelText('Jitter to (ms)'), '100');
    await user.click(within(dialog).getByRole('button', { name: 'Apply', hidden: true }));
    await waitFor(() =>
      expect(q.getByRole('alert', { hidden: true }).textContent).toBe(
        'Jitter: The shortest jitter must not be longer than the longest',
      ),
    );
    expect(setRules(service)).toHaveLength(0);
    await user.clear(q.getByLabelText('Jitter to (ms)'));
    await user.type(q.getByLabelText('Jitter to (ms)'), '800');
    await user.click(within(dialog).getByRole('button', { name: 'Apply', hidden: true }));
    await waitFor(() => expect(setRules(service)).toHaveLength(1));
    expect(setRules(service)[0]).toMatchObject({
      rules: [{ action: 'jitter', fault: { jitterMinMs: 500, jitterMaxMs: 800 } }],
    });
  });

  it('shows the parameters of duplicate, reorder, rate and bandwidth', async () => {
    const rendered = await renderPanel();
    const { user } = rendered;
    const { rule } = await addRule(rendered);
    const q = within(rule);
    const fields = async (action: string) => {
      await user.selectOptions(q.getByLabelText('Action'), action);
      return q.getAllByRole('spinbutton', { hidden: true }).map((input) => input.getAttribute('aria-label'));
    };
    expect(await fields('duplicate')).toEqual(['Extra copies']);
    expect(await fields('reorder')).toEqual(['Window (frames)', 'Hold at most (ms)', 'Seed']);
    expect(await fields('rate')).toEqual(['Messages per second']);
    expect(await fields('bandwidth')).toEqual(['Bytes per second']);
  });

  it('loads a scenario file into the dialog, and says why a bad one was refused', async () => {
    const rendered = await renderPanel();
    const { user, service, screen } = rendered;
    await user.click(screen.getByRole('button', { name: /^Rules/ }));
    const dialog = screen.getByRole('dialog', { name: 'Intercept rules', hidden: true });
    const input = within(dialog).getByLabelText('Import rules file') as HTMLInputElement;
    await user.upload(input, new File(['{"format":"nope"}'], 'bad.json', { type: 'application/json' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('alert', { name: 'Rules file', hidden: true }).textContent).toBe(
        'bad.json: This is not a WebSocket Lens rules file',
      ),
    );
    const scenario = rulesFile([
      {
        id: 'r1',
        name: 'slow link',
        enabled: true,
        direction: 'both',
        url: '',
        payload: '',
        action: 'bandwidth',
        delayMs: 1000,
        fault: { ...DEFAULT_FAULT, bytesPerSecond: 2048 },
      },
    ]);
    await user.upload(input, new File([scenario], 'bad-network.json', { type: 'application/json' }));
    await waitFor(() => expect(within(dialog).getByLabelText('Bytes per second')).toBeTruthy());
    expect((within(dialog).getByLabelText('Bytes per second') as HTMLInputElement).value).toBe('2048');
    await user.click(within(dialog).getByRole('button', { name: 'Apply', hidden: true }));
    await waitFor(() => expect(setRules(service)).toHaveLength(1));
    expect(setRules(service)[0]).toMatchObject({
      rules: [{ id: 'r1', name: 'slow link', action: 'bandwidth', fault: { bytesPerSecond: 2048 } }],
    });
  });
});

describe('connection faults', () => {
  it('Drop now drops each open socket of the tab (1006) and says how many', async () => {
    const { user, service, screen } = await renderPanel();
    await user.click(screen.getByRole('button', { name: 'Drop now' }));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Action result' }).textContent).toBe('Dropped 1 socket (1006)'),
    );
    expect(service.received.filter((r) => r.type === 'command')).toEqual([
      {
        type: 'command',
        id: expect.any(Number),
        tabId: TAB,
        conn: 'doc.1',
        command: { type: 'simulate-close', code: 1006, reason: '', wasClean: false },
      },
    ]);
  });

  it("Go offline adds an offline rule to the tab's rules", async () => {
    const { user, service, screen } = await renderPanel();
    await user.click(screen.getByRole('button', { name: 'Go offline' }));
    await waitFor(() => expect(setRules(service)).toHaveLength(1));
    expect(setRules(service)[0]).toMatchObject({
      tabId: TAB,
      rules: [{ name: 'Offline', action: 'offline', url: '' }],
    });
  });
});

describe('connection faults and debugger rules in the dialog', () => {
  it('offers drop every, refuse and delay open with their times, and sends each with its parameters', async () => {
    const rendered = await renderPanel();
    const { user, service } = rendered;
    const fields = { 'drop-every': 'Drop every (ms)', refuse: 'Refuse for (ms)', 'delay-open': 'Delay open (ms)' };
    let dialog: HTMLElement | undefined;
    for (const [action, label] of Object.entries(fields)) {
      const added = await addRule(rendered);
      dialog = added.dialog;
      const q = within(added.rule);
      await user.selectOptions(q.getByLabelText('Action'), action);
      expect(q.getByLabelText('About this action').textContent).toMatch(/^Matched by URL only/);
      await user.clear(q.getByLabelText(label));
      await user.type(q.getByLabelText(label), '1500');
    }
    const before = Date.now();
    await user.click(within(dialog!).getByRole('button', { name: 'Apply', hidden: true }));
    await waitFor(() => expect(setRules(service)).toHaveLength(1));
    const [dropEvery, refuse, delayOpen] = setRules(service)[0]!.rules as Rule[];
    expect(dropEvery).toMatchObject({ action: 'drop-every', fault: { dropEveryMs: 1500 } });
    expect(dropEvery!.startedAt).toBeUndefined();
    // The refusal counts from when it was applied: kept in the rule, so a reload does not restart it.
    expect(refuse).toMatchObject({ action: 'refuse', fault: { refuseMs: 1500 } });
    expect(refuse!.startedAt).toBeGreaterThanOrEqual(before);
    expect(delayOpen).toMatchObject({ action: 'delay-open', fault: { openDelayMs: 1500 } });
  });

  it('refuses a drop-every time over the longest delay, naming the field', async () => {
    const rendered = await renderPanel();
    const { dialog, rule } = await addRule(rendered);
    const q = within(rule);
    await rendered.user.selectOptions(q.getByLabelText('Action'), 'drop-every');
    await rendered.user.clear(q.getByLabelText('Drop every (ms)'));
    await rendered.user.type(q.getByLabelText('Drop every (ms)'), '600001');
    await rendered.user.click(within(dialog).getByRole('button', { name: 'Apply', hidden: true }));
    await waitFor(() => expect(q.getByRole('alert', { hidden: true }).textContent).toMatch(/^Drop every: /));
    expect(setRules(rendered.service)).toHaveLength(0);
  });

  it('offers Break into the debugger and says it acts only while DevTools is open on the tab', async () => {
    const rendered = await renderPanel();
    const { user, service } = rendered;
    const { dialog, rule } = await addRule(rendered);
    const q = within(rule);
    await user.selectOptions(q.getByLabelText('Action'), 'debugger');
    await user.type(q.getByLabelText('Payload'), 'buy');
    expect(q.getByLabelText('About this action').textContent).toMatch(/^Acts only while DevTools is open on this tab/);
    await user.click(within(dialog).getByRole('button', { name: 'Apply', hidden: true }));
    await waitFor(() => expect(setRules(service)).toHaveLength(1));
    expect(setRules(service)[0]).toMatchObject({ rules: [{ action: 'debugger', payload: 'buy' }] });
  });
});
