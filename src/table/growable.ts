/** Growable typed buffers and a validity bitmap: the storage every column builder writes into. */

/** Returns a typed array of the same kind holding `source` with room for at least `need` elements. */
export function grow<T extends Uint8Array | Int32Array | BigInt64Array>(source: T, need: number): T {
  if (need <= source.length) return source;
  let size = Math.max(16, source.length);
  while (size < need) size *= 2;
  const Ctor = source.constructor as new (n: number) => T;
  const next = new Ctor(size);
  next.set(source as never);
  return next;
}

/** Arrow-style validity bitmap (bit set = value present), built lazily on the first null. */
export class Validity {
  private bits: Uint8Array | null = null;
  nullCount = 0;

  /** Records whether row `index` holds a value. */
  set(index: number, valid: boolean): void {
    if (valid) {
      if (this.bits !== null) {
        if (index >> 3 >= this.bits.length) this.bits = grow(this.bits, (index >> 3) + 1);
        this.bits[index >> 3]! |= 1 << (index & 7);
      }
      return;
    }
    if (this.bits === null) {
      // every earlier row was valid
      this.bits = new Uint8Array(Math.max(16, (index >> 3) + 1));
      for (let i = 0; i < index; i++) this.bits[i >> 3]! |= 1 << (i & 7);
    }
    this.bits = grow(this.bits, (index >> 3) + 1);
    this.bits[index >> 3]! &= ~(1 << (index & 7));
    this.nullCount++;
  }

  /** The finished bitmap for `length` rows, or null when every row is valid. */
  finish(length: number): Uint8Array | null {
    if (this.bits === null || this.nullCount === 0) return null;
    return grow(this.bits, (length >> 3) + 1).slice(0, (length >> 3) + 1);
  }
}
