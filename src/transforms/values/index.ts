/** Pure, fast parsers for single text values: exact decimals, integers and day-month-year dates. */
export { parseDecimal, parseDecimalLenient, parseDecimalLenientSql } from './decimal-text.js';
export { parseInteger } from './integer-text.js';
export { parseDayMonthYear, yearOfDay, formatDay } from './day-month-year.js';
