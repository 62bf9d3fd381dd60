/** Where machines stand in the diagram: boxes in rows of COLS, left to right, then the next row. */
export const COLS = 5;
export const BOX_W = 190;
export const BOX_H = 150;
export const GAP = 40;

export const boxAt = (i: number) => ({
  x: GAP + (i % COLS) * (BOX_W + GAP),
  y: GAP + Math.floor(i / COLS) * (BOX_H + GAP),
});

/** The diagram's size for n machines. */
export const diagramSize = (n: number) => ({
  width: Math.min(n, COLS) * (BOX_W + GAP) + GAP,
  height: Math.ceil(n / COLS) * (BOX_H + GAP) + GAP,
});

/** The pipe from machine i to machine i+1: straight along a row, down and across to the next row. */
export function pipePath(i: number): string {
  const a = boxAt(i);
  const b = boxAt(i + 1);
  return a.y === b.y
    ? `M${a.x + BOX_W} ${a.y + 48} H${b.x}`
    : `M${a.x + BOX_W / 2} ${a.y + BOX_H} V${a.y + BOX_H + GAP / 2} H${b.x + BOX_W / 2} V${b.y}`;
}
