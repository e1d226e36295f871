import { isIPv4, isIPv6 } from 'node:net';
import { invalid } from './errors.ts';

/** An IP address as a number, with its family, so v4 and v6 never compare equal. */
interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

interface IpRange {
  family: 4 | 6;
  bottom: bigint;
  top: bigint;
}

const fromIPv4 = (text: string): bigint =>
  text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);

const fromIPv6 = (text: string): bigint => {
  const [head = '', tail] = text.split('::');
  const groups = (part: string): bigint[] => {
    if (part === '') return [];
    return part.split(':').flatMap((group) => {
      if (!group.includes('.')) return [BigInt(Number.parseInt(group, 16))];
      const v4 = fromIPv4(group);
      return [v4 >> 16n, v4 & 0xffffn];
    });
  };
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => 0n);
  return [...left, ...zeros, ...right].reduce((acc, group) => (acc << 16n) | group, 0n);
};

/** Parses an IPv4 or IPv6 literal; anything else (host names, zone ids) is not an address. */
const parseIp = (text: string): IpAddress | undefined => {
  if (isIPv4(text)) return { family: 4, value: fromIPv4(text) };
  if (isIPv6(text) && !text.includes('%')) return { family: 6, value: fromIPv6(text) };
  return undefined;
};

/** Java's `String.split` drops trailing empty strings; Event Ruler's CIDR check relies on it. */
const javaSplit = (text: string, separator: string): string[] => {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
};

/**
 * Compiles a `cidr` operand to the range of addresses it covers, with Event Ruler's checks and
 * messages. As in Event Ruler, the range starts at the address written, not at the masked
 * network address: `10.0.0.5/24` covers 10.0.0.5 to 10.0.0.255, and a `/32` (or `/128`) mask is
 * refused.
 */
const parseCidr = (text: string): IpRange => {
  const slashed = javaSplit(text, '/');
  if (slashed.length !== 2) invalid("Malformed CIDR, one '/' required");
  const [address = '', bits = ''] = slashed;
  if (!/^[+-]?\d{1,10}$/.test(bits) || Math.abs(Number(bits)) > 2 ** 31 - 1) {
    invalid('Malformed CIDR, mask bits must be an integer');
  }
  const maskBits = Number(bits);
  if (maskBits < 0) invalid('Malformed CIDR, mask bits must not be negative');
  const ip = parseIp(address) ?? invalid(`Nonstandard IP address: ${address}`);
  if (ip.family === 4 && maskBits > 31) invalid('IPv4 mask bits must be < 32');
  if (ip.family === 6 && maskBits > 127) invalid('IPv6 mask bits must be < 128');
  const width = ip.family === 4 ? 32n : 128n;
  const hostBits = width - BigInt(maskBits);
  const hostMask = (1n << hostBits) - 1n;
  return { family: ip.family, bottom: ip.value, top: ip.value | hostMask };
};

const inRange = (range: IpRange, text: string): boolean => {
  const ip = parseIp(text);
  return (
    ip !== undefined &&
    ip.family === range.family &&
    ip.value >= range.bottom &&
    ip.value <= range.top
  );
};

export { type IpAddress, type IpRange, inRange, parseCidr, parseIp };
