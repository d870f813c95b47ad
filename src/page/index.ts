/**
 * Page hook: MAIN world, document_start, every frame (built as one standalone
 * IIFE, see vite.config.ts).
 *
 *   page WebSocket ──records──▶ outbox ══MessagePort══▶ relay (content/) ──▶ background
 *
 * It must run before any page script and leave no trace a page can see: no
 * globals, no DOM nodes, no window messages.
 */
import { openOutbox } from './outbox';
import { installHook } from './hook';

installHook(openOutbox());
