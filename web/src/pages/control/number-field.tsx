/** A labelled number input of a faceplate form; empty means "not set" to the form that reads it. */
export function NumberField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  width: string;
  disabled?: boolean | undefined;
  placeholder?: string;
}) {
  return (
    <label>
      {props.label}{' '}
      <input
        type="number"
        step="any"
        value={props.value}
        disabled={props.disabled}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
        style={{ width: props.width }}
      />
    </label>
  );
}
