import { devtoolsApi } from '../../lib/platform';
import { parseStack } from './stack-lines';

/**
 * Where the page created the socket: its stack at `new WebSocket`, each
 * location a link that opens the source in DevTools' Sources panel
 * (`panels.openResource`, lines counted from 0 there). Outside DevTools (the
 * panel as a tab) the locations are plain text.
 */
export function InitiatorStack({ stack }: { stack: string }) {
  const frames = parseStack(stack);
  if (frames.length === 0) return <p class="detail-empty">No stack was captured for this connection</p>;
  const panels = devtoolsApi()?.panels;
  return (
    <ol class="initiator" aria-label="Initiator stack">
      {frames.map((frame, i) => {
        const where = frame.location;
        if (!where) return <li key={i}>{frame.text}</li>;
        const label = `${where.url}:${where.line}:${where.column}`;
        return (
          <li key={i}>
            <span class="initiator-name">{frame.name || '(anonymous)'}</span>{' '}
            {panels?.openResource ? (
              <a
                href={where.url}
                title="Open in the Sources panel"
                onClick={(event) => {
                  event.preventDefault();
                  panels.openResource(where.url, where.line - 1, where.column - 1, () => {});
                }}
              >
                {label}
              </a>
            ) : (
              <span class="initiator-location">{label}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
