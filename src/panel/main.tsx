/**
 * Panel entry: the Preact UI of the inspected tab's sockets.
 *
 *   background ──runtime.Port (snapshot, then records)──▶ store (signals) ──▶ components
 */
import { render } from 'preact';
import { App } from './components/App';
import { linkToBackground } from './background-link';
import { inspectedTabId, themeName } from './tab-id';

const root = document.getElementById('root')!;
document.documentElement.dataset.theme = themeName();
const tabId = inspectedTabId();
if (tabId === null) {
  root.textContent = 'No tab to inspect: open this panel from DevTools, or add ?tabId=<id> to the URL.';
} else {
  linkToBackground(tabId);
  render(<App tabId={tabId} />, root);
}
