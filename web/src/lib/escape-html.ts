/**
 * Escaping for the few places where the dashboard builds HTML as a string: ECharts tooltip
 * formatters return markup that ECharts assigns to `innerHTML`, so every series name, unit,
 * product or location in them must pass through `escapeHtml` (React escapes everything else).
 */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * A template literal tag that escapes every interpolated value and keeps the literal parts, for
 * markup written in the code: html`${name}: <b>${value}</b>`.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += escapeHtml(values[i]) + (strings[i + 1] ?? '');
  return out;
}
