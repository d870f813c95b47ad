/** MQTT's numbered names: packet types, MQTT 5 properties and reason codes (OASIS MQTT 5.0 §2.1.2, §2.2.2.2, §2.4). */

export const PACKET_TYPES = [
  undefined,
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
] as const;

export type PacketType = NonNullable<(typeof PACKET_TYPES)[number]>;

export type PropertyValue = 'byte' | 'u16' | 'u32' | 'varint' | 'string' | 'binary' | 'pair';

/** Property identifier → [name as mqtt-packet spells it, how its value is encoded]. */
export const PROPERTIES: Record<number, readonly [string, PropertyValue]> = {
  0x01: ['payloadFormatIndicator', 'byte'],
  0x02: ['messageExpiryInterval', 'u32'],
  0x03: ['contentType', 'string'],
  0x08: ['responseTopic', 'string'],
  0x09: ['correlationData', 'binary'],
  0x0b: ['subscriptionIdentifier', 'varint'],
  0x11: ['sessionExpiryInterval', 'u32'],
  0x12: ['assignedClientIdentifier', 'string'],
  0x13: ['serverKeepAlive', 'u16'],
  0x15: ['authenticationMethod', 'string'],
  0x16: ['authenticationData', 'binary'],
  0x17: ['requestProblemInformation', 'byte'],
  0x18: ['willDelayInterval', 'u32'],
  0x19: ['requestResponseInformation', 'byte'],
  0x1a: ['responseInformation', 'string'],
  0x1c: ['serverReference', 'string'],
  0x1f: ['reasonString', 'string'],
  0x21: ['receiveMaximum', 'u16'],
  0x22: ['topicAliasMaximum', 'u16'],
  0x23: ['topicAlias', 'u16'],
  0x24: ['maximumQoS', 'byte'],
  0x25: ['retainAvailable', 'byte'],
  0x26: ['userProperties', 'pair'],
  0x27: ['maximumPacketSize', 'u32'],
  0x28: ['wildcardSubscriptionAvailable', 'byte'],
  0x29: ['subscriptionIdentifiersAvailable', 'byte'],
  0x2a: ['sharedSubscriptionAvailable', 'byte'],
};

const REASONS: Record<number, string> = {
  0x00: 'Success',
  0x01: 'Granted QoS 1',
  0x02: 'Granted QoS 2',
  0x04: 'Disconnect with Will Message',
  0x10: 'No matching subscribers',
  0x11: 'No subscription existed',
  0x18: 'Continue authentication',
  0x19: 'Re-authenticate',
  0x80: 'Unspecified error',
  0x81: 'Malformed Packet',
  0x82: 'Protocol Error',
  0x83: 'Implementation specific error',
  0x84: 'Unsupported Protocol Version',
  0x85: 'Client Identifier not valid',
  0x86: 'Bad User Name or Password',
  0x87: 'Not authorized',
  0x88: 'Server unavailable',
  0x89: 'Server busy',
  0x8a: 'Banned',
  0x8b: 'Server shutting down',
  0x8c: 'Bad authentication method',
  0x8d: 'Keep Alive timeout',
  0x8e: 'Session taken over',
  0x8f: 'Topic Filter invalid',
  0x90: 'Topic Name invalid',
  0x91: 'Packet Identifier in use',
  0x92: 'Packet Identifier not found',
  0x93: 'Receive Maximum exceeded',
  0x94: 'Topic Alias invalid',
  0x95: 'Packet too large',
  0x96: 'Message rate too high',
  0x97: 'Quota exceeded',
  0x98: 'Administrative action',
  0x99: 'Payload format invalid',
  0x9a: 'Retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'Use another server',
  0x9d: 'Server moved',
  0x9e: 'Shared Subscriptions not supported',
  0x9f: 'Connection rate exceeded',
  0xa0: 'Maximum connect time',
  0xa1: 'Subscription Identifiers not supported',
  0xa2: 'Wildcard Subscriptions not supported',
};

/** MQTT 3.1 / 3.1.1 CONNACK return codes. */
const CONNACK_V3 = [
  'Connection Accepted',
  'unacceptable protocol version',
  'identifier rejected',
  'server unavailable',
  'bad user name or password',
  'not authorized',
];

/** The reason code's name; 0 reads differently per packet. */
export function reasonName(code: number, packet: PacketType, version: number): string {
  if (version < 5) {
    if (packet === 'CONNACK') return CONNACK_V3[code] ?? `unknown return code ${code}`;
    if (packet === 'SUBACK') return code === 0x80 ? 'Failure' : code <= 2 ? `Granted QoS ${code}` : `unknown ${code}`;
  }
  if (code === 0 && packet === 'DISCONNECT') return 'Normal disconnection';
  if (code === 0 && packet === 'SUBACK') return 'Granted QoS 0';
  return REASONS[code] ?? `unknown reason code 0x${code.toString(16)}`;
}
