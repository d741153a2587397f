/**
 * A bounded FIFO queue. `push` never blocks and never grows past `capacity`: an item that does
 * not fit is counted as dropped and the owner is told once, on the first drop.
 */

/** Bounded FIFO with O(1) push and amortised O(batch) take. */
export class BatchQueue<T> {
  private items: T[] = [];
  private head = 0;
  /** Items refused because the queue was full. */
  dropped = 0;

  constructor(
    private readonly capacity: number,
    private readonly onFirstDrop: () => void,
  ) {}

  /** Items waiting now. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Appends `item`; false (and counted) when the queue is full. */
  push(item: T): boolean {
    if (this.items.length - this.head >= this.capacity) {
      if (this.dropped++ === 0) this.onFirstDrop();
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** Removes and returns up to `max` of the oldest items. */
  take(max: number): T[] {
    const available = this.items.length - this.head;
    if (available <= max && this.head === 0) {
      const all = this.items;
      this.items = [];
      return all;
    }
    const end = this.head + Math.min(max, available);
    const batch = this.items.slice(this.head, end);
    this.head = end;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return batch;
  }
}
