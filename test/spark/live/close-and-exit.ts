// Run by session.test.ts: connects, runs one query, closes, and must then exit without process.exit().
import { connectSpark } from '../../../src/spark/index.js';

const spark = await connectSpark(process.argv[2]!);
const t = await spark.sql('SELECT 1 AS one');
console.log(String(t.getChild('one')!.get(0)));
await spark.close();
