/**
 * The keys of Passkeep's autofill list (popup/autofill/), as a browser's own autofill dropdown
 * answers them: Down from the page's `webauthn` field enters the list at its first row
 * (content-scripts/autofill-anchor.ts), Up and Down move between the rows, Home and End go to
 * the ends, Up from the first row goes back to the field, Escape closes the list and gives the
 * field the focus again; Enter and Space are the focused row's own (a button: its click).
 * WAI-ARIA listbox keyboard interaction: https://www.w3.org/WAI/ARIA/apg/patterns/listbox/
 */

/** Where a key takes the focus from row `index` of `count`: another row, out of the list, or nowhere (the key is not the list's). */
export type ListKeyMove = { row: number } | { leave: AutofillLeave } | null;

/** Out of the list: back to the field with the list still shown, or closing it. */
export type AutofillLeave = 'field' | 'escape';

export function listKeyMove(key: string, index: number, count: number): ListKeyMove {
  if (key === 'Escape') return { leave: 'escape' };
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowDown':
      return { row: Math.min(index + 1, count - 1) };
    case 'ArrowUp':
      return index <= 0 ? { leave: 'field' } : { row: index - 1 };
    case 'Home':
      return { row: 0 };
    case 'End':
      return { row: count - 1 };
    default:
      return null;
  }
}
