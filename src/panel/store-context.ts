/** The panel's store, handed down to every component (main.tsx provides it; tests provide their own). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelStore } from './store';

export const PanelStoreContext = createContext<PanelStore | null>(null);

export function usePanelStore(): PanelStore {
  const store = useContext(PanelStoreContext);
  if (!store) throw new Error('usePanelStore needs a PanelStoreContext provider');
  return store;
}
