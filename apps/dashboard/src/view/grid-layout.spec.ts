import { describe, expect, it } from 'vitest';
import { TILE_GAP_EM, TILE_HEIGHT_EM, TILE_WIDTH_EM, gridLayout } from './grid-layout';

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
