/** base64 lives in the protocol (exports, command payloads and the page bridge need it); lib builds on it. */
export { base64ToBytes, bytesToBase64 } from '../protocol/base64';
