/** A set with O(1) add, delete and random pick (swap-remove), so the model stays fast at any size. */
export class LeadPool<T extends { readonly leadId: string }> {
  private readonly items: T[] = [];
  private readonly index = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return this.index.has(item.leadId);
  }

  add(item: T): void {
    if (this.index.has(item.leadId)) return;
    this.index.set(item.leadId, this.items.length);
    this.items.push(item);
  }

  delete(item: T): boolean {
    const at = this.index.get(item.leadId);
    if (at === undefined) return false;
    const last = this.items.pop() as T;
    this.index.delete(item.leadId);
    if (at < this.items.length) {
      this.items[at] = last;
      this.index.set(last.leadId, at);
    }
    return true;
  }

  /** Removes and returns a random item; `roll` is a float in [0, 1). */
  takeRandom(roll: number): T | undefined {
    if (this.items.length === 0) return undefined;
    const item = this.items[Math.floor(roll * this.items.length)];
    this.delete(item);
    return item;
  }
}

/** A first-in-first-out queue (oldest lead first: speed-to-lead) with O(1) removal by id. */
export class LeadQueue<T extends { readonly leadId: string }> {
  private readonly items = new Map<string, T>();

  get size(): number {
    return this.items.size;
  }

  add(item: T): void {
    this.items.set(item.leadId, item);
  }

  delete(item: T): boolean {
    return this.items.delete(item.leadId);
  }

  /** Removes and returns the oldest item (Map keeps insertion order). */
  takeOldest(): T | undefined {
    const first = this.items.values().next();
    if (first.done) return undefined;
    this.items.delete(first.value.leadId);
    return first.value;
  }
}
