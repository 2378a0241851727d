/** Just enough CSV to read an upload's header row for the import mapping (RFC 4180 quoting). */

export function parseHeader(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
    } else if (c === '\n' || c === '\r') {
      break;
    } else {
      cell += c;
    }
  }
  cells.push(cell.trim());
  return cells.length === 1 && cells[0] === '' ? [] : cells;
}

const normal = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A first guess at the mapping: a column whose name matches a field's name or label maps to it. */
export function guessMapping(headers: string[], fields: { name: string; label: string }[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const header of headers) {
    const match = fields.find((f) => normal(f.name) === normal(header) || normal(f.label) === normal(header));
    if (match) {
      mapping[header] = match.name;
    }
  }
  return mapping;
}
