/**
 * Reads a byte stream that someone else controls (a server's body, an inflating file) without
 * letting it decide how much is read: at most one chunk beyond the cap, never its full size.
 */
import { concatBytes } from './bytes.js';

/**
 * The stream's bytes, or null once more than `maxBytes` arrived or `signal` aborted (the stream
 * is cancelled then; a read pending at the abort ends at once). A stream that errors rejects,
 * after being cancelled.
 */
export async function readCapped(stream: ReadableStream<Uint8Array>, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        cancel();
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    cancel();
    throw error;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  return signal?.aborted ? null : concatBytes(...chunks);
}
