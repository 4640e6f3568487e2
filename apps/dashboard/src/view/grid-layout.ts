/**
 * How the wall's operator tiles fill their area with no scrolling: the largest tiles that fit
 * every operator, or — when that would make the type too small to read from across the room —
 * pages of tiles at the smallest readable size, shown in turn.
 *
 * A tile is TILE_WIDTH_EM × TILE_HEIGHT_EM of its own font size; sizes are in CSS pixels.
 */
export const TILE_WIDTH_EM = 8.4;
export const TILE_HEIGHT_EM = 4.3;
export const TILE_GAP_EM = 0.35;

export interface GridLayout {
  cols: number;
  rows: number;
  perPage: number;
  pages: number;
  /** The tiles' font size in px. */
  fontPx: number;
}

function fit(n: number, width: number, height: number): { cols: number; rows: number; fontPx: number } {
  let best = { cols: 1, rows: n, fontPx: 0 };
  for (let cols = 1; cols <= n; cols += 1) {
    const rows = Math.ceil(n / cols);
    // tile + gap per cell, both in em of the tile font
    const byWidth = width / (cols * (TILE_WIDTH_EM + TILE_GAP_EM));
    const byHeight = height / (rows * (TILE_HEIGHT_EM + TILE_GAP_EM));
    const fontPx = Math.min(byWidth, byHeight);
    if (fontPx > best.fontPx) best = { cols, rows, fontPx };
  }
  return best;
}

/**
 * @param count tiles to show
 * @param minFontPx the smallest readable tile font (the wall passes ~1.45 % of the screen height)
 * @param maxFontPx the largest useful one (a few operators should not get billboard tiles)
 */
export function gridLayout(count: number, width: number, height: number, minFontPx: number, maxFontPx: number): GridLayout {
  if (count <= 0 || width <= 0 || height <= 0) return { cols: 1, rows: 1, perPage: Math.max(count, 1), pages: 1, fontPx: minFontPx };
  const all = fit(count, width, height);
  if (all.fontPx >= minFontPx) {
    return { cols: all.cols, rows: all.rows, perPage: count, pages: 1, fontPx: Math.min(all.fontPx, maxFontPx) };
  }
  const cols = Math.max(1, Math.floor(width / (minFontPx * (TILE_WIDTH_EM + TILE_GAP_EM))));
  const rows = Math.max(1, Math.floor(height / (minFontPx * (TILE_HEIGHT_EM + TILE_GAP_EM))));
  const perPage = cols * rows;
  return { cols, rows, perPage, pages: Math.ceil(count / perPage), fontPx: minFontPx };
}

/**
 * A page flip shown a few tiles per frame: slot i holds the next page's tile once i < `revealed`,
 * the page being left's before. Building a whole page of tiles in one frame (their elements, styles
 * and layout) made the longest frame of the wall screen; in steps, each frame does a part of it.
 * A tile already revealed is not shown twice when the order moved meanwhile (a login mid-flip).
 */
export function stagedPage<T>(next: readonly T[], leaving: readonly T[], revealed: number, key: (item: T) => string): T[] {
  const cut = Math.max(0, revealed);
  const head = next.slice(0, cut);
  const shown = new Set(head.map(key));
  return [...head, ...leaving.slice(cut).filter((item) => !shown.has(key(item)))];
}
