/**
 * SECURITY.md case 24: the background refuses a request larger than MAX_REQUEST_CHARS before it
 * converts anything. The bridge already refuses one (it measures the JSON it writes); this is the
 * same bound again where the message is read, so that no path around the bridge (a forged port
 * message, a future sender) reaches the conversions with more.
 *
 * The size is the length the value's JSON would have (never more: escapes are not counted, so
 * whatever the bridge let through passes here too), counted without building that JSON: one
 * pass with an explicit stack (no recursion, so nesting depth cannot overflow it), stopping as
 * soon as the budget is spent, so the values it reads are bounded by the budget and not by the
 * message (listing an object's keys is linear in them, as the browser's own deserialisation of
 * the message already was).
 */
import { MAX_REQUEST_CHARS } from './limits.js';

export function exceedsRequestSize(value: unknown, budget = MAX_REQUEST_CHARS): boolean {
  let used = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      used += item.length + 2;
    } else if (Array.isArray(item)) {
      // brackets and commas; each element is counted when it is popped
      used += 2 + Math.max(0, item.length - 1);
      if (used > budget) return true;
      for (const member of item) stack.push(member);
    } else if (item !== null && typeof item === 'object') {
      used += 1; // braces, less the comma the first member does not have
      for (const key in item) {
        if (!Object.prototype.hasOwnProperty.call(item, key)) continue;
        used += key.length + 4; // "key": and a comma
        stack.push((item as Record<string, unknown>)[key]);
        if (used > budget) return true;
      }
    } else {
      // numbers, booleans, null: the length of their JSON spelling (a non-finite number is null)
      used += typeof item === 'number' && !Number.isFinite(item) ? 4 : String(item).length;
    }
    if (used > budget) return true;
  }
  return false;
}
