/**
 * Background batching in the manner of OpenTelemetry's BatchSpanProcessorBase: a bounded queue,
 * a send when a batch fills up or the (unref'd) timer fires, one export in flight at a time so
 * batches arrive in order, `flush()` that waits only for what was queued before it, and a
 * `shutdown()` that runs once.
 */
import { BatchQueue } from './batch-queue.js';

/** Settings and callbacks of a batch processor. */
export interface BatchProcessorOptions<T> {
  maxBatchSize: number;
  maxQueueSize: number;
  flushIntervalMs: number;
  /** Delivers one batch; must settle (it is given the batch in queue order). */
  exportBatch: (batch: T[]) => Promise<void>;
  /** Called on the first item dropped because the queue was full. */
  onOverflow: () => void;
  /** Called if `exportBatch` throws despite its contract. */
  onError: (error: unknown) => void;
}

interface FlushWaiter {
  target: number;
  resolve: (drained: boolean) => void;
  timer: NodeJS.Timeout | undefined;
}

/** Queues items on the caller's thread and exports them in batches in the background. */
export class BatchProcessor<T> {
  private readonly queue: BatchQueue<T>;
  private readonly maxBatchSize: number;
  private readonly flushIntervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private sizeKickScheduled = false;
  private closed = false;
  private shutdownPromise: Promise<boolean> | null = null;
  private enqueuedTotal = 0;
  private completedTotal = 0;
  private waiters: FlushWaiter[] = [];
  /** Items offered after shutdown. */
  private refusedAfterClose = 0;
  private readonly onTimer = (): void => {
    this.timer = null;
    void this.kick();
  };
  private readonly onSizeKick = (): void => {
    this.sizeKickScheduled = false;
    void this.kick();
  };

  constructor(private readonly options: BatchProcessorOptions<T>) {
    this.queue = new BatchQueue<T>(options.maxQueueSize, options.onOverflow);
    this.maxBatchSize = options.maxBatchSize;
    this.flushIntervalMs = options.flushIntervalMs;
  }

  /** Items waiting to be sent. */
  get queued(): number {
    return this.queue.length;
  }

  /** Items refused: queue full, or offered after shutdown. */
  get dropped(): number {
    return this.queue.dropped + this.refusedAfterClose;
  }

  /** Items accepted into the queue and not yet delivered or given up on (queued + in flight). */
  get unsent(): number {
    return this.enqueuedTotal - this.completedTotal;
  }

  /** True while anything is queued or being sent. */
  get busy(): boolean {
    return this.queue.length > 0 || this.draining !== null;
  }

  /** Queues `item` without blocking; false when it was dropped. The record path calls this. */
  enqueue(item: T): boolean {
    if (this.closed) {
      this.refusedAfterClose++;
      return false;
    }
    if (!this.queue.push(item)) return false;
    this.enqueuedTotal++;
    if (this.queue.length >= this.maxBatchSize) {
      if (!this.sizeKickScheduled && this.draining === null) {
        this.sizeKickScheduled = true;
        setImmediate(this.onSizeKick);
      }
    } else if (this.timer === null) {
      this.timer = setTimeout(this.onTimer, this.flushIntervalMs);
      this.timer.unref();
    }
    return true;
  }

  /**
   * Sends everything queued before this call; resolves true once it has been handed to the
   * server (or given up on), false if `timeoutMs` passed first. Never rejects.
   */
  flush(timeoutMs: number): Promise<boolean> {
    const target = this.enqueuedTotal;
    if (this.completedTotal >= target) return Promise.resolve(true);
    void this.kick();
    return new Promise<boolean>((resolve) => {
      const waiter: FlushWaiter = { target, resolve, timer: undefined };
      // A referenced timer: the process stays up while someone awaits the flush.
      waiter.timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, Math.max(0, timeoutMs));
      this.waiters.push(waiter);
    });
  }

  /** Stops accepting items, sends what is queued (waiting at most `timeoutMs`); runs once. */
  shutdown(timeoutMs: number): Promise<boolean> {
    if (this.shutdownPromise === null) {
      this.closed = true;
      if (this.timer !== null) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      this.shutdownPromise = this.flush(timeoutMs);
    }
    return this.shutdownPromise;
  }

  private kick(): Promise<void> {
    if (this.draining === null) {
      this.draining = this.drain().finally(() => {
        this.draining = null;
        // A flush() that arrived after the last batch was taken but before this ran joined a drain
        // that had already finished its loop: start another for what it waits for.
        if (this.waiters.length > 0 && this.queue.length > 0) void this.kick();
      });
    }
    return this.draining;
  }

  private async drain(): Promise<void> {
    await undefined; // always finish asynchronously so `draining` is set before the loop ends
    while (this.queue.length > 0) {
      const batch = this.queue.take(this.maxBatchSize);
      try {
        await this.options.exportBatch(batch);
      } catch (error) {
        this.options.onError(error);
      }
      this.completedTotal += batch.length;
      this.settleWaiters();
    }
  }

  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    const still: FlushWaiter[] = [];
    for (const waiter of this.waiters) {
      if (this.completedTotal >= waiter.target) {
        clearTimeout(waiter.timer);
        waiter.resolve(true);
      } else {
        still.push(waiter);
      }
    }
    this.waiters = still;
  }
}
