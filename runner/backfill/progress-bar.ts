/**
 * Progress of a long job over a known number of items. On a terminal: one
 * line redrawn in place with a bar, the count and an ETA; elsewhere (CI logs,
 * cron mail): one plain line per finished item.
 */
export interface Progress {
  /** An item starts: shown on the terminal's line. */
  start(label: string): void;
  /** An item finished; `line` describes it. */
  finish(line: string): void;
  /** A message that must stay visible (a warning, a failure). */
  note(line: string): void;
  end(): void;
}

const BAR_WIDTH = 24;

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 10) return `${Math.max(0, seconds).toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, total: number, now: () => number = () => performance.now()): Progress {
  const tty = stream.isTTY === true;
  const started = now();
  let done = 0;
  let current = '';
  const eta = () => (done === 0 ? '?' : formatSeconds((((now() - started) / done) * (total - done)) / 1000));
  const draw = () => {
    if (!tty) return;
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
    const text = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}  ETA ${eta()}  ${current}`;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r\x1b[2K${text.length > width ? text.slice(0, width) : text}`);
  };
  const clear = () => { if (tty) stream.write('\r\x1b[2K'); };
  return {
    start(label) {
      current = label;
      draw();
    },
    finish(line) {
      done++;
      clear();
      stream.write(`pitwall: [${done}/${total}] ${line}${done < total ? `, ETA ${eta()}` : ''}\n`);
      draw();
    },
    note(line) {
      clear();
      stream.write(`pitwall: ${line}\n`);
      draw();
    },
    end() {
      clear();
    },
  };
}
