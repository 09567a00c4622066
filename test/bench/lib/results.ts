/** Collects measurements over runs and writes latest.json and latest.md. */
import { cpus, totalmem } from 'node:os';
import { median } from './stats.ts';

export type System = 'kring' | 'y-websocket-server' | 'hocuspocus' | 'automerge';
export const SYSTEMS: readonly System[] = ['kring', 'y-websocket-server', 'hocuspocus', 'automerge'];

export interface Result {
  workload: string;
  system: System;
  metric: string;
  value: number;
  unit: string;
}

/** Whether a smaller or a larger value is better, for the ratio column. */
export type Better = 'lower' | 'higher';

interface Series {
  workload: string;
  system: System;
  metric: string;
  unit: string;
  better: Better;
  samples: number[];
}

export class Results {
  readonly #series = new Map<string, Series>();
  /** Things the reader must know: what could not run, what limits a figure. */
  readonly notes: string[] = [];

  /** Adds one run's measurement; several runs of the same metric are reported as their median. */
  add(workload: string, system: System, metric: string, value: number, unit: string, better: Better = 'lower'): void {
    const key = `${workload}\u0000${system}\u0000${metric}`;
    let series = this.#series.get(key);
    if (!series) {
      series = { workload, system, metric, unit, better, samples: [] };
      this.#series.set(key, series);
    }
    series.samples.push(value);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** The median of a metric's runs, if measured. */
  value(workload: string, system: System, metric: string): number | undefined {
    const series = this.#series.get(`${workload}\u0000${system}\u0000${metric}`);
    return series ? median(series.samples) : undefined;
  }

  results(): Result[] {
    return [...this.#series.values()].map(({ workload, system, metric, unit, samples }) => ({ workload, system, metric, value: round(median(samples)), unit }));
  }

  /** Every sample of every metric, for whoever wants to see the spread. */
  samples(): { workload: string; system: System; metric: string; unit: string; samples: number[] }[] {
    return [...this.#series.values()].map(({ workload, system, metric, unit, samples }) => ({ workload, system, metric, unit, samples: samples.map(round) }));
  }

  /**
   * One row per workload and metric: each system's median, and Kring's ratio to each peer (kring ÷ peer, so
   * below 1 is better where lower is better and above 1 is better where higher is better).
   */
  table(): string {
    const rows = new Map<string, Series[]>();
    for (const series of this.#series.values()) {
      const key = `${series.workload}\u0000${series.metric}`;
      rows.set(key, [...(rows.get(key) ?? []), series]);
    }
    const peers = SYSTEMS.filter((s) => s !== 'kring');
    const lines = [
      `| workload | metric | better | ${SYSTEMS.join(' | ')} | ${peers.map((p) => `kring ÷ ${p}`).join(' | ')} |`,
      `|---|---|---|${SYSTEMS.map(() => '--:').join('|')}|${peers.map(() => '--:').join('|')}|`,
    ];
    for (const group of rows.values()) {
      const first = group[0];
      const value = (system: System) => {
        const series = group.find((s) => s.system === system);
        return series ? median(series.samples) : undefined;
      };
      const kring = value('kring');
      const cells = SYSTEMS.map((system) => {
        const v = value(system);
        return v === undefined ? '–' : `${format(v)} ${first.unit}`;
      });
      const ratios = peers.map((peer) => {
        const v = value(peer);
        return kring === undefined || v === undefined || v === 0 ? '–' : format(kring / v, 2);
      });
      lines.push(`| ${first.workload} | ${first.metric} | ${first.better} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
    }
    return lines.join('\n');
  }
}

export function machine(): { cpus: number; cpuModel: string; memoryGiB: number; platform: string; node: string } {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
  };
}

function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return Number(value.toFixed(digits));
}

function format(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (digits !== undefined) return value.toFixed(digits);
  return round(value).toLocaleString('en-US');
}
