/** Why rows were rejected, in plain words: the report's cards and tables name reasons, not only rule ids. */

/** Plain words for the rules that reject a row, as "rows with …" / "… rows" phrases. */
const REASONS: Readonly<Record<string, string>> = {
  'customer.duplicate_id': 'duplicate customer ID (the first row is kept)',
  'customer.missing_id': 'no customer ID',
  'product.duplicate_id': 'duplicate product ID (the first row is kept)',
  'product.missing_id': 'no product ID',
  'order.missing_row_id': 'no Row ID',
  'order.bad_row_id': 'Row ID is not a whole number',
  'order.duplicate_line': 'exact copy of an earlier line (counted once)',
  'order.conflicting_row_id': 'Row ID reused by a different line (the first is kept)',
  'order.missing_order_date': 'no order date',
  'order.bad_order_date': 'impossible order date',
  'order.bad_ship_date': 'impossible ship date',
  'order.bad_quantity': 'quantity missing or not a whole number',
  'order.nonpositive_quantity': 'quantity is zero or negative',
  'order.bad_discount': 'discount is not a number',
  'order.discount_out_of_range': 'discount is not a fraction between 0 and 1',
  'order.bad_price': 'price is not a number',
  'order.missing_profit': 'no profit',
  'order.bad_profit': 'profit is not a number',
  'csv.field_count': 'wrong number of fields in the CSV line',
  'json.not_an_object': 'JSON element that is not an object',
  'json.duplicate_key': 'the same key twice in one JSON object',
};

/**
 * Plain words for reject rule `rule`; an unknown rule is named as it is.
 * @example
 * rejectReason('product.duplicate_id'); // 'duplicate product ID (the first row is kept)'
 */
export function rejectReason(rule: string): string {
  return REASONS[rule] ?? rule;
}
