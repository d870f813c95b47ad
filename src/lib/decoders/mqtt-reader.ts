/**
 * Reads the fields of one MQTT packet's body. Out-of-bounds reads and broken
 * strings throw `MalformedPacket`, which the packet decoder turns into the
 * frame's error: nothing here escapes the decoder.
 */
import { utf8OrUndefined } from './bytes';
import { PROPERTIES } from './mqtt-codes';

export class MalformedPacket extends Error {}

export class MqttReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  get offset(): number {
    return this.pos;
  }

  private need(count: number, what: string): void {
    if (this.pos + count > this.bytes.length) {
      throw new MalformedPacket(`${what} runs past the packet's end (byte ${this.pos} of ${this.bytes.length})`);
    }
  }

  byte(what = 'a byte'): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  u16(what = 'a two-byte integer'): number {
    this.need(2, what);
    const value = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
    this.pos += 2;
    return value;
  }

  u32(what = 'a four-byte integer'): number {
    this.need(4, what);
    const b = this.bytes;
    const value = b[this.pos]! * 0x1000000 + ((b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!);
    this.pos += 4;
    return value;
  }

  /** Variable Byte Integer: 7 bits a byte, at most 4 bytes. */
  varint(what = 'a variable byte integer'): number {
    let value = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.byte(what);
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new MalformedPacket(`${what} is longer than 4 bytes`);
  }

  binary(what = 'binary data'): Uint8Array {
    const length = this.u16(`the length of ${what}`);
    this.need(length, what);
    const value = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  string(what = 'a string'): string {
    const text = utf8OrUndefined(this.binary(what));
    if (text === undefined) throw new MalformedPacket(`${what} is not valid UTF-8`);
    return text;
  }

  rest(): Uint8Array {
    const value = this.bytes.subarray(this.pos);
    this.pos = this.bytes.length;
    return value;
  }

  /** MQTT 5 properties: a length, then identifier-value pairs. */
  properties(): Record<string, unknown> {
    const length = this.varint('the properties length');
    this.need(length, 'the properties');
    const end = this.pos + length;
    const properties: Record<string, unknown> = {};
    while (this.pos < end) {
      const id = this.varint('a property identifier');
      const known = PROPERTIES[id];
      if (!known) throw new MalformedPacket(`unknown property identifier 0x${id.toString(16)}`);
      const [name, type] = known;
      if (type === 'pair') {
        const key = this.string('a user property name');
        const value = this.string('a user property value');
        const pairs = (properties.userProperties ??= Object.create(null)) as Record<string, string | string[]>;
        const previous = pairs[key];
        pairs[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
        continue;
      }
      const value = this.propertyValue(type, name);
      // Only subscription identifiers may repeat (a PUBLISH matching several subscriptions).
      const previous = properties[name];
      properties[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    if (this.pos !== end) throw new MalformedPacket('a property runs past the properties length');
    return properties;
  }

  private propertyValue(type: Exclude<(typeof PROPERTIES)[number][1], 'pair'>, name: string): unknown {
    switch (type) {
      case 'byte':
        return this.byte(name);
      case 'u16':
        return this.u16(name);
      case 'u32':
        return this.u32(name);
      case 'varint':
        return this.varint(name);
      case 'string':
        return this.string(name);
      case 'binary':
        return this.binary(name);
    }
  }
}
