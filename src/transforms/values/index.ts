/** Pure, fast parsers for single text values: exact decimals, integers and day-month-year dates. */
export { parseDecimal, parseDecimalLenient, parseDecimalLenientSql, parseDecimalSql } from './decimal-text.js';
export { parseInteger, parseIntegerSql } from './integer-text.js';
export { parseDayMonthYear, parseDayMonthYearSql, yearOfDay, formatDay } from './day-month-year.js';
