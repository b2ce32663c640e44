/**
 * The shapes the guide's diagrams are drawn from. Colours come from classes (guide.css), so a
 * part follows the theme; positions are in the diagram's user units.
 */
import type { ComponentChildren } from 'preact';

interface At {
  x: number;
  y: number;
}

/** A labelled box: Passkeep (`accent`), a site, a browser. The label sits at its top. */
export function Box({ x, y, w, h, label, accent = false }: At & { w: number; h: number; label: string; accent?: boolean }) {
  return (
    <g class={accent ? 'dg-box dg-box-accent' : 'dg-box'}>
      <rect x={x} y={y} width={w} height={h} rx={14} />
      <text x={x + w / 2} y={y + 26} text-anchor="middle" class="dg-box-label">
        {label}
      </text>
    </g>
  );
}

/** Text centred on x (or starting at x with `anchor="start"`). */
export function Label({ x, y, children, muted = false, strong = false, small = false, anchor = 'middle' }: At & {
  children: ComponentChildren;
  muted?: boolean;
  strong?: boolean;
  small?: boolean;
  anchor?: 'start' | 'middle' | 'end';
}) {
  const classes = ['dg-text', muted && 'dg-muted', strong && 'dg-strong', small && 'dg-small'].filter(Boolean).join(' ');
  return (
    <text x={x} y={y} text-anchor={anchor} class={classes}>
      {children}
    </text>
  );
}

/** A key lying on its side, bow at the left; 44 × 18 units from (x, y) = the bow's centre. */
export function Key({ x, y, kind }: At & { kind: 'private' | 'public' }) {
  return (
    <g class={kind === 'private' ? 'dg-key dg-key-private' : 'dg-key dg-key-public'}>
      <circle cx={x} cy={y} r={8} />
      <path d={`M${x + 8} ${y}h32m-8 0v7m-7 -7v5`} fill="none" />
    </g>
  );
}

/** A padlock, 18 × 22 units, its body's top-left at (x, y). */
export function Padlock({ x, y }: At) {
  return (
    <g class="dg-lock">
      <path d={`M${x + 4} ${y}v-5a5 5 0 0 1 10 0v5`} fill="none" />
      <rect x={x} y={y} width={18} height={14} rx={3} />
    </g>
  );
}

/** An arrow from (x1, y1) to (x2, y2), head at the end; horizontal or vertical. */
export function Arrow({ x1, y1, x2, y2, dashed = false }: { x1: number; y1: number; x2: number; y2: number; dashed?: boolean }) {
  const length = Math.hypot(x2 - x1, y2 - y1);
  const ux = (x2 - x1) / length;
  const uy = (y2 - y1) / length;
  // The head: a triangle 10 long and 12 wide at the end point.
  const bx = x2 - ux * 10;
  const by = y2 - uy * 10;
  const head = `M${x2} ${y2}L${bx - uy * 6} ${by + ux * 6}L${bx + uy * 6} ${by - ux * 6}Z`;
  return (
    <g class={dashed ? 'dg-arrow dg-dashed' : 'dg-arrow'}>
      <line x1={x1} y1={y1} x2={bx} y2={by} />
      <path d={head} />
    </g>
  );
}

/** A step number in a circle (1, 2, 3) at its centre (x, y). */
export function StepBadge({ x, y, n }: At & { n: number }) {
  return (
    <g class="dg-badge">
      <circle cx={x} cy={y} r={11} />
      <text x={x} y={y + 4.5} text-anchor="middle">
        {n.toLocaleString()}
      </text>
    </g>
  );
}

/** A tick (the right site, a checked signature) centred at (x, y). */
export function Tick({ x, y }: At) {
  return <path class="dg-ok" d={`M${x - 8} ${y}l5 6 11 -13`} fill="none" />;
}

/** A cross (refused) centred at (x, y). */
export function Cross({ x, y }: At) {
  return <path class="dg-bad" d={`M${x - 7} ${y - 7}l14 14m0 -14l-14 14`} fill="none" />;
}

/** A page of a file with a folded corner, 34 × 42 units from its top-left (x, y). */
export function FileShape({ x, y }: At) {
  return (
    <path class="dg-file" d={`M${x} ${y}h24l10 10v32h-34z M${x + 24} ${y}v10h10`} />
  );
}

/**
 * The frame of the two ceremony pictures: Passkeep at the left, the site at the right, and step 1,
 * the site's challenge coming in along the top. Steps 2 and 3 are drawn by each picture.
 */
export function ChallengeFrame({ passkeep, challenge }: { passkeep: string; challenge: string }) {
  return (
    <>
      <Box x={10} y={10} w={180} h={180} label={passkeep} accent />
      <Box x={370} y={10} w={180} h={180} label="example.com" />
      <StepBadge x={225} y={44} n={1} />
      <Label x={290} y={49}>
        {challenge}
      </Label>
      <Arrow x1={368} y1={62} x2={192} y2={62} />
    </>
  );
}
