/**
 * Serves one client link of any message transport: requests in (validated),
 * events out, records cut into messages of at most MAX_CLIENT_MESSAGE_BYTES
 * and MAX_CLIENT_MESSAGE_RECORDS.
 * A message that cannot be delivered becomes an `undeliverable` error the
 * client sees (it resubscribes from its last record), never a silent gap.
 * The panel port uses it (panel-port.ts); an automation endpoint would too.
 */
import { PROTOCOL_VERSION } from '../../protocol/version';
import { MAX_CLIENT_MESSAGE_BYTES, MAX_CLIENT_MESSAGE_RECORDS, MAX_READ_RECORDS } from '../../protocol/limits';
import { chunkRecords } from '../../protocol/chunks';
import { serviceError, type ServiceError } from '../../protocol/errors';
import { parseClientRequest, type ClientEvent, type ClientRequest } from '../../protocol/messages';
import type { SessionService } from '../session-service';

export interface ClientLink {
  /** Sends one event; throws when it cannot (too large, link gone). */
  post(event: ClientEvent): void;
}

export interface ServedClient {
  request(raw: unknown): void;
  closed(): void;
}

export function serveClient(
  service: SessionService,
  link: ClientLink,
  maxMessageBytes = MAX_CLIENT_MESSAGE_BYTES,
): ServedClient {
  let gone = false;
  /** A records message failed: records that follow would leave a gap, so none go until the client resubscribes. */
  let broken = false;
  const post = (event: ClientEvent): boolean => {
    if (gone) return false;
    try {
      link.post(event);
      return true;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      try {
        link.post({ type: 'error', error: serviceError('undeliverable', `a ${event.type} message failed: ${why}`) });
      } catch {
        // The link itself is gone: its close cleans up.
      }
      return false;
    }
  };
  const client = service.connectClient({
    reset: (tabId, epoch) => post({ type: 'reset', tabId, epoch }),
    records(tabId, epoch, records) {
      if (broken) return;
      for (const chunk of chunkRecords(records, maxMessageBytes, MAX_CLIENT_MESSAGE_RECORDS)) {
        if (post({ type: 'records', tabId, epoch, records: chunk })) continue;
        broken = true; // the client asks again from its last record
        return;
      }
    },
    status: (status) => post({ type: 'status', status }),
    pauses: (tabId, pauses) => post({ type: 'pauses', tabId, pauses }),
  });
  const answer = (id: number, error?: ServiceError) => post({ type: 'result', id, ...(error ? { error } : {}) });

  const handle = (request: ClientRequest) => {
    switch (request.type) {
      case 'subscribe':
        if (request.v !== PROTOCOL_VERSION) {
          const message = `the client speaks protocol ${request.v}, the extension ${PROTOCOL_VERSION}`;
          return post({ type: 'error', error: serviceError('version', message) });
        }
        broken = false;
        return client.subscribe(request.tabId, request.resume);
      case 'read': {
        const limit = Math.min(request.limit ?? MAX_READ_RECORDS, MAX_READ_RECORDS);
        const slice = service.read(request.tabId, { after: request.after, limit, maxBytes: maxMessageBytes });
        return post({ type: 'slice', id: request.id, tabId: request.tabId, ...slice });
      }
      case 'tabs':
        return post({ type: 'tabs', id: request.id, tabs: service.tabs() });
      case 'command':
        return void client
          .command(request.tabId, request.conn, request.command)
          .then((error) => answer(request.id, error));
      case 'set-rules':
        service.setRules(request.tabId, request.rules);
        return answer(request.id);
      case 'pause':
        service.setPaused(request.tabId, request.paused);
        return answer(request.id);
      case 'clear':
        service.clear(request.tabId);
        return answer(request.id);
      case 'preserve-log':
        service.setPreserveLog(request.value);
        return answer(request.id);
      case 'all-handshake-headers':
        service.setAllHandshakeHeaders(request.value);
        return answer(request.id);
      case 'deep-capture':
        return void service.setDeepCapture(request.tabId, request.on).then((error) => answer(request.id, error));
    }
  };

  return {
    request(raw) {
      const parsed = parseClientRequest(raw);
      if (parsed.ok) return handle(parsed.value);
      const id = (raw as { id?: unknown } | null)?.id;
      const error = serviceError('bad-request', parsed.error);
      // Answer the request by its id where it has one, so the caller's promise settles.
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) answer(id, error);
      else post({ type: 'error', error });
    },
    closed() {
      gone = true;
      client.close();
    },
  };
}
