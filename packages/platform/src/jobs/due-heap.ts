/**
 * A binary min-heap of pending jobs by due time (ties: the order they were queued in), so that
 * the in-process queue finds its earliest job in O(1) and queues or takes one in O(log n),
 * however many are pending. Removal is lazy: a cancelled or rescheduled job's old slot stays
 * until it reaches the top, where the caller's `isLive` check drops it; `compact` rebuilds the
 * heap when dead slots outnumber live ones, so cancelling many jobs does not grow it for ever.
 */
export interface HeapSlot<T> {
  dueAt: number;
  seq: number;
  item: T;
}

export class DueHeap<T> {
  private slots: HeapSlot<T>[] = [];
  private nextSeq = 0;

  constructor(private readonly isLive: (slot: HeapSlot<T>) => boolean) {}

  get size(): number {
    return this.slots.length;
  }

  /** Queues an item; returns its slot (the caller keeps it to tell a live slot from a stale one). */
  push(dueAt: number, item: T): HeapSlot<T> {
    const slot = { dueAt, seq: this.nextSeq++, item };
    this.slots.push(slot);
    this.up(this.slots.length - 1);
    return slot;
  }

  /** The earliest live slot, dropping stale ones on the way; undefined when none is left. */
  peek(): HeapSlot<T> | undefined {
    while (this.slots.length > 0 && !this.isLive(this.slots[0]!)) this.removeTop();
    return this.slots[0];
  }

  /** Takes the earliest live slot if it is due at `now` or before. */
  popDue(now: number): HeapSlot<T> | undefined {
    const top = this.peek();
    if (!top || top.dueAt > now) return undefined;
    this.removeTop();
    return top;
  }

  /** Drops stale slots when they are more than half of the heap (`live`: how many are live). */
  compact(live: number): void {
    if (this.slots.length < 1024 || this.slots.length <= 2 * live) return;
    this.slots = this.slots.filter((slot) => this.isLive(slot));
    for (let i = (this.slots.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private removeTop(): void {
    const last = this.slots.pop()!;
    if (this.slots.length === 0) return;
    this.slots[0] = last;
    this.down(0);
  }

  private before(a: HeapSlot<T>, b: HeapSlot<T>): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
  }

  private up(index: number): void {
    const { slots } = this;
    const slot = slots[index]!;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(slot, slots[parent]!)) break;
      slots[index] = slots[parent]!;
      index = parent;
    }
    slots[index] = slot;
  }

  private down(index: number): void {
    const { slots } = this;
    const slot = slots[index]!;
    const n = slots.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.before(slots[right]!, slots[left]!) ? right : left;
      if (!this.before(slots[child]!, slot)) break;
      slots[index] = slots[child]!;
      index = child;
    }
    slots[index] = slot;
  }
}
