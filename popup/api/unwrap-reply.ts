import type { Reply } from '../../src/core/protocol';

/**
 * The value of a background `Reply`, or a throw: the wire error becomes an `Error` with the same
 * `name` and `message`; anything that is not a `Reply` at all (no listener answered, so
 * `sendMessage` resolved with `undefined`) is a labelled TypeError.
 */
export function unwrapReply<T>(reply: Reply<T> | undefined, label: string): T {
  if (typeof reply !== 'object' || reply === null || typeof reply.ok !== 'boolean') {
    throw new TypeError(`${label}: the background sent no valid reply (got ${describe(reply)})`);
  }
  if (reply.ok) return reply.value;
  const wire: unknown = reply.error;
  const error = new Error(
    isRecord(wire) && typeof wire.message === 'string' ? wire.message : `${label} failed`,
  );
  error.name = isRecord(wire) && typeof wire.name === 'string' ? wire.name : 'UnknownError';
  throw error;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
