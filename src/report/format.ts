/** Text formats the report shares besides money: counts, bytes, durations, times, and HTML escaping. */

/**
 * A whole count with thousands separators, as `toLocaleString('en-US')` writes it but without its first call's
 * ICU start-up (~25 ms, paid by every run that prints a count).
 * @example
 * formatCount(9994); // '9,994'
 */
export function formatCount(n: number): string {
  const whole = Math.round(n);
  const digits = String(Math.abs(whole));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return whole < 0 ? `-${grouped}` : grouped;
}

/**
 * A file size in bytes, KB or MB (1 KB = 1,024 bytes), with the exact byte count kept for a title.
 * @example
 * formatBytes(2_345_678); // '2.2 MB'
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * A duration: milliseconds under a second, else seconds with 2 places.
 * @example
 * formatMs(415.2); // '415 ms'
 * formatMs(2250); // '2.25 s'
 */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * An ISO timestamp as `2024-05-01 14:03:07 UTC` (always UTC, so the page reads the same everywhere).
 * @example
 * formatTime('2024-05-01T14:03:07.123Z'); // '2024-05-01 14:03:07 UTC'
 */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Escapes text for HTML and XML content and attribute values.
 * @example
 * escapeHtml('<a & "b">'); // '&lt;a &amp; &quot;b&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A percentage of a whole, one decimal place.
 * @example
 * formatShare(204, 9994); // '2.0%'
 */
export function formatShare(part: number, whole: number): string {
  return whole === 0 ? '0.0%' : `${((part / whole) * 100).toFixed(1)}%`;
}
