/**
 * Cuts a byte stream into text lines as chunks arrive, so each line can be
 * timestamped when it was printed rather than when the process ended.
 */
import { StringDecoder } from 'node:string_decoder';

/** A line longer than this is cut, so output without newlines cannot grow without bound. */
export const MAX_LINE_CHARS = 1024 * 1024;

export interface LineSplitter {
  write(chunk: Buffer): void;
  /** Emits the last line when the stream ended without a newline. */
  end(): void;
}

export function createLineSplitter(emit: (text: string) => void): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const flushComplete = (): void => {
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      emit(stripCarriageReturn(pending.slice(0, newline)));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    while (pending.length > MAX_LINE_CHARS) {
      emit(pending.slice(0, MAX_LINE_CHARS));
      pending = pending.slice(MAX_LINE_CHARS);
    }
  };
  return {
    write(chunk) {
      pending += decoder.write(chunk);
      flushComplete();
    },
    end() {
      pending += decoder.end();
      flushComplete();
      if (pending !== '') emit(stripCarriageReturn(pending));
      pending = '';
    },
  };
}

function stripCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
