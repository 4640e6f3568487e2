/**
 * A 64-bit FNV-1a hash in hex: an event id for a VICIdial request that carries none of its own ids.
 * Pure (no node:crypto) so the domain stays runnable anywhere; it only needs to tell two different
 * requests of one tenant apart, not to resist an attacker.
 */
const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function stableHash(text: string): string {
  let h = OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * PRIME) & MASK;
  }
  return h.toString(16).padStart(16, '0');
}
