// The keeper's log: one readable line per event, or one JSON object per line (`--json`).

export type LogLevel = "info" | "warn" | "error" | "debug";

export interface LogEntry {
  level: LogLevel;
  /** What happened: sent, done, reverted, skipped, scan, pass, start, ... */
  event: string;
  message: string;
  [field: string]: unknown;
}

export interface Logger {
  log(entry: LogEntry): void;
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** A logger writing to `write` (default: stdout), readable or JSON lines; debug entries only when `verbose`. */
export function createLogger(options: { json?: boolean; verbose?: boolean; write?: (line: string) => void } = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    log(entry) {
      if (entry.level === "debug" && !options.verbose) return;
      const time = new Date().toISOString();
      if (options.json) {
        write(JSON.stringify({ time, ...entry }, jsonValue));
      } else {
        const level = entry.level === "info" || entry.level === "debug" ? "" : ` ${entry.level.toUpperCase()}`;
        write(`${time} keeper${level} ${entry.event.padEnd(8)} ${entry.message}`);
      }
    },
  };
}

/** A logger that keeps entries in memory (tests). */
export function memoryLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return { entries, log: (entry) => entries.push(entry) };
}

/** 0x1234…abcd */
export function short(hex: string): string {
  return hex.length > 14 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex;
}
