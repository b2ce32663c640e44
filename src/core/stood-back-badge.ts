/** The toolbar badge of a tab where Passkeep stood back (src/background/stood-back.ts); the popup reads it. */
export const STOOD_BACK_BADGE = '!';
