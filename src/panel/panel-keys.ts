/**
 * The panel's own keys, kept from DevTools. Inside real DevTools the
 * extension API script in our page forwards Esc and Ctrl/Cmd-shortcuts to
 * DevTools from a `keydown` listener on `document` (bubble phase): Esc would
 * also toggle the console drawer (which takes focus) and Ctrl/Cmd+F open the
 * console's search. We listen one step earlier on the way up, on <html>, after
 * every handler of the panel ran, and stop the keys we handle there (and any
 * key a panel handler already handled, i.e. prevented) from reaching it.
 * Other DevTools shortcuts (F12, Ctrl+[ ...) still pass.
 */
export interface PanelKeyActions {
  /** Ctrl/Cmd+F. */
  find(): void;
  /** Esc that no panel element used itself; returns whether it did something. */
  escape(): boolean;
}

export function isFindKey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f';
}

export function installPanelKeys(root: HTMLElement, actions: PanelKeyActions): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (isFindKey(event)) {
      event.preventDefault();
      event.stopPropagation();
      actions.find();
    } else if (event.key === 'Escape') {
      // A modal dialog closes on Esc by the browser's default action: keep that, only stop DevTools.
      const modal = document.querySelector('dialog[open]');
      if (!event.defaultPrevented && !modal && actions.escape()) event.preventDefault();
      event.stopPropagation();
    } else if (event.defaultPrevented) {
      event.stopPropagation();
    }
  };
  root.addEventListener('keydown', onKey);
  return () => root.removeEventListener('keydown', onKey);
}
