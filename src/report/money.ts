/**
 * Money as exact decimal text: parsing to whole cents (bigint), summing, and the report's `$39,185.75` format.
 * Displayed figures never pass through floating point.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

/**
 * Parses decimal text to whole cents, rounding half away from zero beyond 2 places; throws on anything else.
 * @example
 * toCents('39185.75'); // 3918575n
 * toCents('-0.005'); // -1n
 */
export function toCents(text: string): bigint {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal number: "${text}"`);
  const [, sign, whole, fraction = ''] = m;
  const digits = fraction.padEnd(3, '0');
  let cents = BigInt(whole!) * 100n + BigInt(digits.slice(0, 2));
  if (digits[2]! >= '5') cents += 1n;
  return sign === '-' ? -cents : cents;
}

/**
 * Whole cents back to plain decimal text with 2 places.
 * @example
 * centsText(-123450n); // '-1234.50'
 */
export function centsText(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * The exact sum of decimal texts, as decimal text with 2 places.
 * @example
 * sumMoney(['0.10', '0.20']); // '0.30'
 */
export function sumMoney(values: Iterable<string>): string {
  let total = 0n;
  for (const v of values) total += toCents(v);
  return centsText(total);
}

/**
 * Formats decimal text as US dollars to the cent: thousands separators, negatives as `-$1,234.50`.
 * @example
 * formatMoney('39185.75'); // '$39,185.75'
 * formatMoney('-1234.5'); // '-$1,234.50'
 */
export function formatMoney(text: string): string {
  const cents = toCents(text);
  const plain = centsText(cents < 0n ? -cents : cents);
  const [whole, fraction] = plain.split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0n ? '-' : ''}$${grouped}.${fraction}`;
}
