/**
 * Gives the memory of a finished file's checks back before the next file is read. Their typed arrays are
 * off the V8 heap, and a heap of a few MB is rarely collected in full, so without a nudge they would stay
 * resident while the next file builds its own state, and the peak would be their sum. One full collection
 * between files costs a few milliseconds (the heap itself is small).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

export function releaseMemory(): void {
  if (collect === undefined) {
    try {
      // `gc` is only defined with --expose-gc; the flag takes effect for contexts made after it is set.
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
