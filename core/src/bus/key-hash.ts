/**
 * 32-bit FNV-1a of a routing key: cheap, stable across processes and runs, and spreads
 * short ids (stream ids) evenly enough to balance Key_Shared consumers.
 */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
