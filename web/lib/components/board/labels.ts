/**
 * Colours for labels: the same label always gets the same colour on every device, from a small palette of
 * light backgrounds with dark text (contrast at least 7:1), so colour is never the only way to tell labels
 * apart: the text is always there.
 */
const PALETTE: ReadonlyArray<{ background: string; color: string }> = [
  { background: '#dbeafe', color: '#1e3a8a' },
  { background: '#dcfce7', color: '#14532d' },
  { background: '#fef3c7', color: '#713f12' },
  { background: '#fce7f3', color: '#831843' },
  { background: '#ede9fe', color: '#4c1d95' },
  { background: '#ffedd5', color: '#7c2d12' },
  { background: '#e0f2fe', color: '#0c4a6e' },
  { background: '#f1f5f9', color: '#1e293b' },
];

/** Inline style for a label chip. */
export function labelStyle(label: string): string {
  let hash = 0;
  for (const char of label.toLowerCase()) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  const { background, color } = PALETTE[hash % PALETTE.length]!;
  return `background:${background};color:${color}`;
}
