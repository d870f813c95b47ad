/**
 * DevTools page: lives as long as DevTools is open on a tab and only creates
 * the panel. The panel itself does the work (src/panel).
 */
chrome.devtools.panels.create('WebSocket Lens', 'icons/icon-32.png', 'src/panel/index.html');
