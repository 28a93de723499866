/**
 * A least-recently-used map bounded by the total byte length of its values,
 * for caches whose entries differ in size by orders of magnitude (a 40-byte
 * tree next to a 2 MB blob): a count bound would either waste memory or hold
 * too little.
 */
export class ByteLru<K, V> {
  readonly maxBytes: number;
  readonly #sizeOf: (value: V) => number;
  #bytes = 0;
  // A Map iterates in insertion order, so re-inserting on use keeps the oldest first.
  readonly #entries = new Map<K, V>();

  /** Values larger than `maxBytes` are never kept. */
  constructor(maxBytes: number, sizeOf: (value: V) => number) {
    this.maxBytes = maxBytes;
    this.#sizeOf = sizeOf;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value, marked as the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Stores the value, evicting the least recently used entries until it fits. */
  set(key: K, value: V): void {
    this.delete(key);
    const size = this.#sizeOf(value);
    if (size > this.maxBytes) return;
    this.#entries.set(key, value);
    this.#bytes += size;
    for (const [oldKey, oldValue] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= this.#sizeOf(oldValue);
    }
  }

  delete(key: K): void {
    const value = this.#entries.get(key);
    if (value === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= this.#sizeOf(value);
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
