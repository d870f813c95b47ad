/**
 * DevTools page: lives as long as DevTools is open on a tab and only creates
 * the panel. The panel itself does the work (src/panel).
 *
 * Absolute paths: Chrome resolves these from the extension's root, Firefox from
 * this page's own URL (src/devtools/), and both take a leading slash as the root.
 */
import { devtoolsApi } from '../lib/platform';

void devtoolsApi()?.panels.create('WebSocket Lens', '/icons/icon-32.png', '/src/panel/index.html');
