/**
 * Writes a generated Customer.xlsx of N customers (beyond the generator's 50,000 cap) for the xlsx reader
 * benchmark: `node --import tsx bench/make-customers-xlsx.ts --customers 1000000 --out /tmp/big.xlsx`.
 */
import { parseArgs } from 'node:util';
import { writeCustomerXlsx } from '../fixtures/generator/customer-xlsx.js';
import { generateCustomers } from '../fixtures/generator/customers.js';
import { Prng } from '../fixtures/generator/prng.js';

const { values } = parseArgs({
  options: { customers: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } },
});
const count = Number(values.customers ?? '8000');
if (!Number.isSafeInteger(count) || count < 1 || values.out === undefined) {
  console.error('usage: bench/make-customers-xlsx.ts --customers N --out FILE [--seed S]');
  process.exit(2);
}
const started = performance.now();
const customers = generateCustomers(count, new Prng(Number(values.seed ?? '1')));
const written = await writeCustomerXlsx(values.out, customers.rows);
console.log(`wrote ${values.out}: ${written} customers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
