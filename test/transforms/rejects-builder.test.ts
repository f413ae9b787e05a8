import { describe, expect, it } from 'vitest';
import { rejectedOrders, tableRows } from '../../src/index.js';
import { REJECT_TEXT_CHARS, RejectsBuilder, cutMessage } from '../../src/transforms/rejects-builder.js';

describe('RejectsBuilder', () => {
  it('keeps each reject with its file, row, key, column, value, rule and message', () => {
    const b = new RejectsBuilder(rejectedOrders, 'Orders.json');
    b.add({
      sourceRow: 3,
      key: '7',
      column: 'profit',
      value: 'n/a',
      rule: 'order.bad_profit',
      message: 'Profit "n/a"',
    });
    b.addIssue({ row: 4, column: null, value: '[1]', rule: 'json.not_an_object', message: 'array element 4 is…' });
    expect(b.ruleNames).toEqual(['order.bad_profit', 'json.not_an_object']);
    expect(tableRows(b.finish())).toEqual([
      {
        source_file: 'Orders.json',
        source_row: 3n,
        key: '7',
        column_name: 'profit',
        value: 'n/a',
        rule: 'order.bad_profit',
        message: 'Profit "n/a"',
      },
      {
        source_file: 'Orders.json',
        source_row: 4n,
        key: null,
        column_name: null,
        value: '[1]',
        rule: 'json.not_an_object',
        message: 'array element 4 is…',
      },
    ]);
  });

  it('cuts key, column, value and message to 1,000 characters, the message saying so', () => {
    const huge = `9${'x'.repeat(5_000_000)}`;
    const b = new RejectsBuilder(rejectedOrders, 'Orders.json');
    const message = `Profit "${huge}" is not a number`;
    b.add({ sourceRow: 1, key: huge, column: huge, value: huge, rule: 'order.bad_profit', message });
    const [r] = tableRows(b.finish());
    expect([r!['key'], r!['column_name'], r!['value']]).toEqual([
      huge.slice(0, 1000),
      huge.slice(0, 1000),
      huge.slice(0, 1000),
    ]);
    expect(r!['message']).toBe(`${message.slice(0, 1000)}… (message cut: 5,000,026 characters in all)`);
  });
});

describe('cutMessage', () => {
  it('keeps a message of up to 1,000 characters as it is', () => {
    const m = 'm'.repeat(REJECT_TEXT_CHARS);
    expect(cutMessage(m)).toBe(m);
    expect(cutMessage('Profit "n/a" is not a number')).toBe('Profit "n/a" is not a number');
  });

  it('never cuts a surrogate pair in two', () => {
    const m = `${'a'.repeat(REJECT_TEXT_CHARS - 1)}😀${'b'.repeat(10)}`;
    expect(cutMessage(m)).toBe(`${'a'.repeat(REJECT_TEXT_CHARS - 1)}… (message cut: 1,011 characters in all)`);
  });
});
