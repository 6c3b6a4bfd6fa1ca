/**
 * A deterministic queueing model for the mock engine's closed loops: N lanes (clients), k
 * identical servers, FIFO, each request served for a fixed time that depends only on its
 * lane. Throughput and latency are then known exactly: with every lane at service time s,
 * min(N, k) / s requests per second; a latency of s when N <= k, and N s / k in steady
 * state when N is a multiple of k. Time is virtual: it advances only when asked.
 */
import type { LoadRecord } from '../engine.js';

export interface QueueModelOptions {
  lanes: number;
  servers: number;
  /** Service time of a request from `lane`, ms. */
  serviceMs: (lane: number) => number;
}

interface InService {
  lane: number;
  issuedMs: number;
  endMs: number;
}

export class QueueModel {
  private nowMs = 0;
  private readonly waiting: Array<{ lane: number; issuedMs: number }> = [];
  private readonly inService: InService[] = [];

  constructor(private readonly o: QueueModelOptions) {
    if (o.servers < 1) throw new Error(`queue model: ${o.servers} servers`);
    // Every lane issues its first request at time 0.
    for (let lane = 0; lane < o.lanes; lane++) this.waiting.push({ lane, issuedMs: 0 });
    this.dispatch();
  }

  get now(): number {
    return this.nowMs;
  }

  /** Advances to `untilMs`; returns the requests that completed before it (ties in lane order). */
  advance(untilMs: number, reissue: () => boolean): LoadRecord[] {
    const done: LoadRecord[] = [];
    for (;;) {
      const next = Math.min(...this.inService.map((r) => r.endMs));
      if (!(next < untilMs)) break;
      this.nowMs = next;
      const finished = this.inService.filter((r) => r.endMs === next).sort((a, b) => a.lane - b.lane);
      for (const r of finished) {
        this.inService.splice(this.inService.indexOf(r), 1);
        done.push({ lane: r.lane, startMs: r.issuedMs, endMs: r.endMs });
        // A closed loop: the lane issues its next request the moment this one returns.
        if (reissue()) this.waiting.push({ lane: r.lane, issuedMs: next });
      }
      this.dispatch();
    }
    this.nowMs = Math.max(this.nowMs, untilMs);
    return done;
  }

  private dispatch(): void {
    while (this.inService.length < this.o.servers && this.waiting.length > 0) {
      const r = this.waiting.shift()!;
      this.inService.push({ lane: r.lane, issuedMs: r.issuedMs, endMs: this.nowMs + this.o.serviceMs(r.lane) });
    }
  }
}
