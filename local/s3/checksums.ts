import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { s3Errors } from './errors.ts';

const reflectedTable32 = (polynomial: number) =>
  Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ polynomial : c >>> 1;
    return c >>> 0;
  });

const reflectedTable64 = (polynomial: bigint) =>
  Array.from({ length: 256 }, (_, n) => {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ polynomial : c >> 1n;
    return c;
  });

const CRC32C_TABLE = reflectedTable32(0x82f63b78);
const CRC64NVME_TABLE = reflectedTable64(0x9a6c9329ac4bc9b5n);
const MASK64 = 0xffffffffffffffffn;

const crc32c = (data: Buffer): number => {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC32C_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const crc64nvme = (data: Buffer): bigint => {
  let c = MASK64;
  for (const byte of data) {
    c = (CRC64NVME_TABLE[Number((c ^ BigInt(byte)) & 0xffn)] as bigint) ^ (c >> 8n);
  }
  return c ^ MASK64;
};

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
};
const u64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b.toString('base64');
};
const digest = (algorithm: string) => (data: Buffer) =>
  createHash(algorithm).update(data).digest('base64');

/** The checksums S3 verifies, by the suffix of their `x-amz-checksum-*` header. */
const CHECKSUMS: Record<string, (data: Buffer) => string> = {
  crc32: (data) => u32(crc32(data)),
  crc32c: (data) => u32(crc32c(data)),
  crc64nvme: (data) => u64(crc64nvme(data)),
  sha1: digest('sha1'),
  sha256: digest('sha256'),
  sha512: digest('sha512'),
  md5: digest('md5'),
};

interface StoredChecksum {
  /** The header suffix: `crc32`, `crc64nvme`, `sha256`, ... */
  algorithm: string;
  value: string;
}

/**
 * The object's checksum as the request gives it (a header, or a trailer of an `aws-chunked`
 * body), verified against the bytes: a mismatch is S3's `BadDigest`.
 *
 * Differs from AWS: a checksum of an algorithm not in {@link CHECKSUMS} (the xxHash family) is
 * stored and returned but not verified.
 */
const verifyChecksum = (
  headers: Record<string, string>,
  trailers: Record<string, string>,
  data: Buffer,
): StoredChecksum | undefined => {
  const all = { ...headers, ...trailers };
  const name = Object.keys(all).find(
    (h) =>
      h.startsWith('x-amz-checksum-') &&
      h !== 'x-amz-checksum-type' &&
      h !== 'x-amz-checksum-algorithm',
  );
  if (!name) return undefined;
  const algorithm = name.slice('x-amz-checksum-'.length);
  const value = all[name] as string;
  const compute = CHECKSUMS[algorithm];
  if (compute && compute(data) !== value) throw s3Errors.badDigest(algorithm.toUpperCase());
  return { algorithm, value };
};

/** `Content-MD5`, when sent, must be the base64 MD5 of the bytes. */
const verifyContentMd5 = (headers: Record<string, string>, data: Buffer) => {
  const sent = headers['content-md5'];
  if (sent === undefined) return;
  if (Buffer.from(sent, 'base64').length !== 16) throw s3Errors.invalidDigest();
  if (createHash('md5').update(data).digest('base64') !== sent) throw s3Errors.badMd5();
};

/** A signed payload's `x-amz-content-sha256` must be the hex SHA-256 of the bytes. */
const verifyContentSha256 = (headers: Record<string, string>, data: Buffer) => {
  const sent = headers['x-amz-content-sha256'];
  if (!sent || !/^[0-9a-f]{64}$/i.test(sent)) return;
  if (createHash('sha256').update(data).digest('hex') !== sent.toLowerCase()) {
    throw s3Errors.contentSha256Mismatch();
  }
};

export type { StoredChecksum };
export { verifyChecksum, verifyContentMd5, verifyContentSha256 };
