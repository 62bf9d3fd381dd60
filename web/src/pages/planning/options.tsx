/** A select's options, each value its own label (ids of lines, products, periods, series). */
export function Options({ values }: { values: readonly string[] }) {
  return values.map((v) => (
    <option key={v} value={v}>
      {v}
    </option>
  ));
}
