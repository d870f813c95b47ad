/** base64 lives in the protocol (the background makes it from relay bytes); lib builds on it. */
export { base64ToBytes, bytesToBase64 } from '../protocol/base64';
