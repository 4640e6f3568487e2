import { describe, expect, it } from 'vitest';
import { TILE_GAP_EM, TILE_HEIGHT_EM, TILE_WIDTH_EM, gridLayout, stagedPage } from './grid-layout';

describe('operator grid layout', () => {
  it('fits every tile on one page when they stay readable, as large as possible', () => {
    const l = gridLayout(12, 900, 600, 14, 40);
    expect(l.pages).toBe(1);
    expect(l.perPage).toBe(12);
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(12);
    // the tiles fill the area without overflowing it
    expect(l.cols * (TILE_WIDTH_EM + TILE_GAP_EM) * l.fontPx).toBeLessThanOrEqual(900 + 1e-6);
    expect(l.rows * (TILE_HEIGHT_EM + TILE_GAP_EM) * l.fontPx).toBeLessThanOrEqual(600 + 1e-6);
  });

  it('caps the size of a few tiles', () => {
    expect(gridLayout(2, 2000, 1000, 14, 30).fontPx).toBe(30);
  });

  it('pages at the smallest readable size when everyone does not fit', () => {
    const l = gridLayout(240, 900, 650, 15.66, 35);
    expect(l.fontPx).toBe(15.66);
    expect(l.pages).toBeGreaterThan(1);
    expect(l.perPage * l.pages).toBeGreaterThanOrEqual(240);
    expect(l.cols * (TILE_WIDTH_EM + TILE_GAP_EM) * l.fontPx).toBeLessThanOrEqual(900);
    expect(l.rows * (TILE_HEIGHT_EM + TILE_GAP_EM) * l.fontPx).toBeLessThanOrEqual(650);
  });

  it('keeps the same layout at 4K as at 1080p, twice the size', () => {
    const hd = gridLayout(120, 900, 650, 15.66, 35);
    const uhd = gridLayout(120, 1800, 1300, 31.32, 70);
    expect([uhd.cols, uhd.rows, uhd.pages]).toEqual([hd.cols, hd.rows, hd.pages]);
    expect(uhd.fontPx).toBeCloseTo(hd.fontPx * 2);
  });

  it('copes with an empty grid or an unmeasured area', () => {
    expect(gridLayout(0, 900, 600, 14, 40).pages).toBe(1);
    expect(gridLayout(10, 0, 0, 14, 40).pages).toBe(1);
  });
});

describe('a page flip in steps', () => {
  const id = (s: string) => s;

  it('shows the next page in the first slots and the page being left in the others', () => {
    expect(stagedPage(['e', 'f', 'g', 'h'], ['a', 'b', 'c', 'd'], 0, id)).toEqual(['a', 'b', 'c', 'd']);
    expect(stagedPage(['e', 'f', 'g', 'h'], ['a', 'b', 'c', 'd'], 2, id)).toEqual(['e', 'f', 'c', 'd']);
    expect(stagedPage(['e', 'f', 'g', 'h'], ['a', 'b', 'c', 'd'], 4, id)).toEqual(['e', 'f', 'g', 'h']);
    expect(stagedPage(['e', 'f', 'g', 'h'], ['a', 'b', 'c', 'd'], 9, id)).toEqual(['e', 'f', 'g', 'h']);
  });

  it('empties the slots a shorter page does not fill once they are reached, and fills the ones a longer page adds', () => {
    expect(stagedPage(['e'], ['a', 'b', 'c'], 2, id)).toEqual(['e', 'c']);
    expect(stagedPage(['e'], ['a', 'b', 'c'], 3, id)).toEqual(['e']);
    expect(stagedPage(['a', 'b', 'c'], ['e'], 1, id)).toEqual(['a']);
    expect(stagedPage(['a', 'b', 'c'], ['e'], 3, id)).toEqual(['a', 'b', 'c']);
  });

  it('never shows a tile twice when the order moved during the flip', () => {
    // 'c' was on the page being left and is now first on the next one
    expect(stagedPage(['c', 'e', 'f'], ['a', 'b', 'c'], 1, id)).toEqual(['c', 'b']);
  });
});
