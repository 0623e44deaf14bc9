import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { NormalisedAddress } from './address-normaliser.js';

export const HMAC_KEY_BYTES = 32;

/**
 * The lookup pseudonym of an address. Keyed, never a plain hash: phone numbers are few enough that
 * an unkeyed SHA-256 of every Turkish number can be precomputed in hours.
 */
export function addressHmac(hmacKey: Buffer, address: NormalisedAddress): Buffer {
  if (hmacKey.length !== HMAC_KEY_BYTES) throw new RangeError(`the HMAC key must be ${HMAC_KEY_BYTES} bytes`);
  return createHmac('sha256', hmacKey).update(address.value, 'utf8').digest();
}

/**
 * `addressHmac` with the key imported once: a bulk check digests a thousand addresses per call, and
 * re-importing the raw key for each is measurable.
 */
export function addressDigester(hmacKey: Buffer): (address: NormalisedAddress) => Buffer {
  if (hmacKey.length !== HMAC_KEY_BYTES) throw new RangeError(`the HMAC key must be ${HMAC_KEY_BYTES} bytes`);
  const key: KeyObject = createSecretKey(Buffer.from(hmacKey));
  return (address) => createHmac('sha256', key).update(address.value, 'utf8').digest();
}

/** Width of one pseudonym (HMAC-SHA-256) in a packed run of them. */
export const ADDRESS_DIGEST_BYTES = 32;

const SHA256_K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
  0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
  0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
  0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
  0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const SHA256_IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** SHA-256's compression of one 64-byte block (16 big-endian words) onto `state`, written to `out`. */
function sha256Compress(state: Int32Array, block: Int32Array, w: Int32Array, out: Int32Array): void {
  for (let t = 0; t < 16; t++) w[t] = block[t]!;
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15]!;
    const b = w[t - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + SHA256_K[t]! + w[t]!) | 0;
    const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = (state[0]! + a) | 0;
  out[1] = (state[1]! + b) | 0;
  out[2] = (state[2]! + c) | 0;
  out[3] = (state[3]! + d) | 0;
  out[4] = (state[4]! + e) | 0;
  out[5] = (state[5]! + f) | 0;
  out[6] = (state[6]! + g) | 0;
  out[7] = (state[7]! + h) | 0;
}

/** Longest ASCII address that fits HMAC-SHA-256's inner message block with its padding. */
const ONE_BLOCK_MAX = 55;

/**
 * `addressHmac` of many addresses at once, written into one buffer of 32 bytes each in input order
 * (zeros where the input is null: no pseudonym is all zeros), for a bulk read's one bytea parameter.
 *
 * The key's two padded blocks are compressed once (HMAC's inner and outer midstates), so an ASCII
 * address of up to 55 bytes (every phone number, nearly every e-mail) costs two SHA-256 compressions
 * over reused arrays, and no object per address; a longer or non-ASCII one goes through node:crypto.
 * The same bytes as `addressHmac` for every input (address-hmac.unit.spec.ts). The midstates are as
 * secret as the key: they live in this closure only.
 */
export function packedAddressDigester(hmacKey: Buffer): (values: readonly (string | null)[]) => Buffer {
  if (hmacKey.length !== HMAC_KEY_BYTES) throw new RangeError(`the HMAC key must be ${HMAC_KEY_BYTES} bytes`);
  const key: KeyObject = createSecretKey(Buffer.from(hmacKey));
  const w = new Int32Array(64);
  const block = new Int32Array(16);
  const midstate = (pad: number): Int32Array => {
    for (let i = 0; i < 16; i++) {
      let word = 0;
      for (let j = 0; j < 4; j++) word = (word << 8) | ((hmacKey[i * 4 + j] ?? 0) ^ pad);
      block[i] = word;
    }
    const state = new Int32Array(8);
    sha256Compress(SHA256_IV, block, w, state);
    return state;
  };
  const inner = midstate(0x36);
  const outer = midstate(0x5c);
  block.fill(0);
  const innerDigest = new Int32Array(8);
  const outerDigest = new Int32Array(8);
  return (values) => {
    const packed = Buffer.alloc(values.length * ADDRESS_DIGEST_BYTES);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined) continue;
      const length = value.length;
      let ascii = length <= ONE_BLOCK_MAX;
      if (ascii) {
        block.fill(0);
        for (let j = 0; j < length; j++) {
          const code = value.charCodeAt(j);
          if (code > 0x7f) {
            ascii = false;
            break;
          }
          block[j >> 2]! |= code << (24 - 8 * (j & 3));
        }
      }
      if (!ascii) {
        createHmac('sha256', key).update(value, 'utf8').digest().copy(packed, i * ADDRESS_DIGEST_BYTES);
        continue;
      }
      block[length >> 2]! |= 0x80 << (24 - 8 * (length & 3));
      block[15] = (64 + length) * 8;
      sha256Compress(inner, block, w, innerDigest);
      for (let j = 0; j < 8; j++) block[j] = innerDigest[j]!;
      block[8] = 0x80000000 | 0;
      for (let j = 9; j < 15; j++) block[j] = 0;
      block[15] = (64 + ADDRESS_DIGEST_BYTES) * 8;
      sha256Compress(outer, block, w, outerDigest);
      const at = i * ADDRESS_DIGEST_BYTES;
      for (let j = 0; j < 8; j++) packed.writeInt32BE(outerDigest[j]!, at + j * 4);
    }
    return packed;
  };
}
