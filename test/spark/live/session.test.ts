/** The Spark Connect client against a real server: SQL, commands, local relations, errors, close. */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DictionaryBuilder,
  Int32Builder,
  Int64Builder,
  Utf8Builder,
  tableFromVectors,
  tableRows,
} from '../../../src/table/index.js';
import { column, date, decimal, dictString, int32, int64, plainString } from '../../../src/schemas/types.js';
import { connectSpark, SparkError, toProjectTable, type SparkSession } from '../../../src/spark/index.js';
import { sqlString } from '../../../src/spark/sql-text.js';
import { tempDir } from '../../helpers/tmp.js';
import { openSpark } from './spark.js';

let spark: SparkSession;
beforeAll(async () => {
  spark = await openSpark();
});
afterAll(async () => {
  await spark.close();
});

async function caught(p: Promise<unknown>): Promise<SparkError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SparkError) return e;
    throw e;
  }
  throw new Error('expected a SparkError');
}

describe('SparkSession.sql', () => {
  it('returns Spark types as Arrow: ints, text, exact decimals, dates, nulls', async () => {
    const t = await spark.sql(
      "SELECT 1 AS i, 'é' AS s, CAST('-12.345' AS DECIMAL(18,2)) AS d, DATE'2017-03-01' AS dt, " +
        'CAST(NULL AS STRING) AS n',
    );
    expect(t.schema.fields.map((f) => `${f.name} ${String(f.type)}`)).toEqual([
      'i Int32',
      's Utf8',
      'd Decimal[18e+2]',
      'dt Date32<DAY>',
      'n Utf8',
    ]);
    // CAST to DECIMAL rounds half up on the decimal digits: -12.345 → -12.35
    expect(tableRows(t)).toEqual([{ i: 1, s: 'é', d: '-12.35', dt: Date.UTC(2017, 2, 1), n: null }]);
  });

  it('reads a result sent in many Arrow batches', async () => {
    const t = await spark.sql('SELECT id, CAST(id AS STRING) AS s FROM range(300000)');
    expect(t.numRows).toBe(300_000);
    expect(t.batches.length).toBeGreaterThan(1);
    let sum = 0n;
    for (const v of t.getChild('id')!) sum += v as bigint;
    expect(sum).toBe((299_999n * 300_000n) / 2n);
    expect(t.getChild('s')!.get(299_999)).toBe('299999');
  });

  it('keeps the schema of an empty result', async () => {
    const t = await spark.sql('SELECT id AS x FROM range(10) WHERE id < 0');
    expect(t.numRows).toBe(0);
    expect(t.schema.names).toEqual(['x']);
  });

  it('streams batches, and stopping early leaves the session usable', async () => {
    let rows = 0;
    for await (const batch of spark.sqlBatches('SELECT id FROM range(2000000)')) {
      rows += batch.numRows;
      if (rows > 0) break;
    }
    expect(rows).toBeGreaterThan(0);
    expect(tableRows(await spark.sql('SELECT 2 AS two'))).toEqual([{ two: 2 }]);
  });
});

describe('SparkSession.command', () => {
  it('runs DDL and DML: a Parquet table at a LOCATION, written and read back', async () => {
    const dir = tempDir('ecomflow-spark-');
    try {
      const location = join(dir, 'profit');
      const name = `t_${randomUUID().replaceAll('-', '')}`;
      await spark.command(
        `CREATE TABLE ${name} (year INT, profit DECIMAL(18,2)) USING parquet LOCATION ${sqlString(location)}`,
      );
      await spark.command(`INSERT INTO ${name} VALUES (2016, 10.25), (2017, -3.10)`);
      const t = await spark.sql(`SELECT year, profit FROM ${name} ORDER BY year`);
      expect(tableRows(t)).toEqual([
        { year: 2016, profit: '10.25' },
        { year: 2017, profit: '-3.10' },
      ]);
      const shown = await spark.command('SHOW TABLES');
      expect(tableRows(shown).map((r) => r.tableName)).toContain(name);
      await spark.command(`DROP TABLE ${name}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns what a command prints (SET) and runs a query sent as a command', async () => {
    expect(tableRows(await spark.command('SET spark.sql.ansi.enabled'))).toEqual([
      { key: 'spark.sql.ansi.enabled', value: 'true' },
    ]);
    expect(tableRows(await spark.command('SELECT 40 + 2 AS x'))).toEqual([{ x: 42 }]);
  });
});

describe('SparkSession.createTempView', () => {
  it('hands a project table (dictionary text, decimals, dates, nulls) to Spark as a local relation', async () => {
    const id = new DictionaryBuilder();
    const name = new Utf8Builder();
    const n = new Int32Builder();
    const money = new Int64Builder(new (await import('apache-arrow')).Decimal(2, 18, 128));
    const day = new Int32Builder(new (await import('apache-arrow')).DateDay());
    const rows: [string, string | null, number, bigint | null, number][] = [
      ['CG-1', 'Ana Núñez', 1, 123456789012345678n, 17000],
      ['CG-2', null, -2, -5n, 0],
      ['CG-1', '李小龍', 3, null, -1],
    ];
    for (const [a, b, c, d, e] of rows) {
      id.append(a);
      name.append(b);
      n.append(c);
      money.append(d);
      day.append(e);
    }
    const table = tableFromVectors(
      [
        column('customer_id', dictString(), ''),
        column('customer_name', plainString(), ''),
        column('n', int32(), ''),
        column('profit', decimal(18, 2), ''),
        column('day', date(), ''),
      ],
      [id.finish(), name.finish(), n.finish(), money.finish(), day.finish()],
    );
    await spark.createTempView('client_rows', table);
    const back = await spark.sql(
      'SELECT customer_id, customer_name, n, profit, CAST(day AS STRING) AS day, typeof(profit) AS t FROM client_rows',
    );
    expect(tableRows(back)).toEqual([
      {
        customer_id: 'CG-1',
        customer_name: 'Ana Núñez',
        n: 1,
        profit: '1234567890123456.78',
        day: '2016-07-18',
        t: 'decimal(18,2)',
      },
      { customer_id: 'CG-2', customer_name: null, n: -2, profit: '-0.05', day: '1970-01-01', t: 'decimal(18,2)' },
      { customer_id: 'CG-1', customer_name: '李小龍', n: 3, profit: null, day: '1969-12-31', t: 'decimal(18,2)' },
    ]);
  });
});

describe('server errors', () => {
  it('a missing table: SparkError with error class, SQL state, parameters; no plan, no stack trace', async () => {
    const e = await caught(spark.sql('SELECT * FROM no_such_table'));
    expect(e.rule).toBe('spark.server');
    expect(e.errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
    expect(e.sqlState).toBe('42P01');
    expect(e.messageParameters).toEqual({ relationName: '`no_such_table`' });
    expect(e.message).toMatch(/^Spark: \[TABLE_OR_VIEW_NOT_FOUND\] The table or view `no_such_table` cannot be found/);
    expect(e.message).not.toMatch(/UnresolvedRelation|\tat |\n\s+at |JVM/);
    expect(e.exceptionClasses).toContain('org.apache.spark.sql.AnalysisException');
  });

  it('ANSI mode fails a bad cast (CAST_INVALID_INPUT); try_cast gives null instead', async () => {
    const e = await caught(spark.sql("SELECT CAST('12%' AS DECIMAL(18,2))"));
    expect(e.errorClass).toBe('CAST_INVALID_INPUT');
    expect(e.message).not.toMatch(/\n\s+at /);
    expect(tableRows(await spark.sql("SELECT try_cast('12%' AS DECIMAL(18,2)) AS d"))).toEqual([{ d: null }]);
  });

  it('a syntax error names the error class; the session goes on working', async () => {
    const e = await caught(spark.command('SELEC 1'));
    expect(e.errorClass).toBe('PARSE_SYNTAX_ERROR');
    expect(e.message.startsWith('Spark: [PARSE_SYNTAX_ERROR]')).toBe(true);
    expect(tableRows(await spark.sql('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
  });
});

describe('sessions', () => {
  it('session_id= joins an existing session; close releases it on the server', async () => {
    const sessionId = randomUUID();
    const remote = `${inject('sparkRemote')}/;session_id=${sessionId}`.replace('//;', '/;');
    const a = await connectSpark(remote);
    expect(a.sessionId).toBe(sessionId);
    await a.command('CREATE TEMP VIEW shared_v AS SELECT 7 AS seven');
    const b = await connectSpark(remote);
    expect(tableRows(await b.sql('SELECT seven FROM shared_v'))).toEqual([{ seven: 7 }]);
    await a.close();
    // the server has released the session: joining it again is refused
    const e = await caught(b.sql('SELECT 1'));
    expect(e.errorClass).toMatch(/^INVALID_HANDLE\.SESSION_(CLOSED|NOT_FOUND)$/);
    await b.close();
  });

  it('a closed session refuses work with spark.closed, and closing twice is fine', async () => {
    const s = await openSpark();
    await s.close();
    await s.close();
    expect((await caught(s.sql('SELECT 1'))).rule).toBe('spark.closed');
  });

  it('a process that closes its session exits by itself', () => {
    const script = resolve(import.meta.dirname, 'close-and-exit.ts');
    const started = Date.now();
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, inject('sparkRemote')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(out.trim()).toBe('1');
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('toProjectTable', () => {
  it('turns a Spark result into the declared project types, one chunk per column', async () => {
    const t = await spark.sql(
      "SELECT id, CAST(id AS INT) AS n, concat('C-', id % 3) AS code, CAST(id * 1.25 AS DECIMAL(18,2)) AS money, " +
        "date_add(DATE'2017-01-01', CAST(id AS INT)) AS day, sum(CAST(id AS DECIMAL(18,2))) OVER () AS total " +
        'FROM range(120000)',
    );
    expect(t.batches.length).toBeGreaterThan(1);
    const columns = [
      column('id', int64(), ''),
      column('n', int32(), ''),
      column('code', dictString(), ''),
      column('money', decimal(18, 2), ''),
      column('day', date(), ''),
    ];
    const p = toProjectTable(t, columns);
    expect(p.schema.fields.map((f) => `${f.name} ${String(f.type)}`)).toEqual([
      'id Int64',
      'n Int32',
      'code Dictionary<Int32, Utf8>',
      'money Decimal[18e+2]',
      'day Date32<DAY>',
    ]);
    for (let i = 0; i < p.numCols; i++) expect(p.getChildAt(i)!.data.length).toBe(1);
    expect(tableRows(p.slice(119_998))).toEqual([
      { id: 119998n, n: 119998, code: 'C-1', money: '149997.50', day: Date.UTC(2017, 0, 1) + 119998 * 86_400_000 },
      { id: 119999n, n: 119999, code: 'C-2', money: '149998.75', day: Date.UTC(2017, 0, 1) + 119999 * 86_400_000 },
    ]);
    // sum() widens to DECIMAL(28,2): its values fit 18 digits here, so it converts; a wrong scale does not
    expect(tableRows(toProjectTable(t.slice(0, 1), [column('total', decimal(18, 2), '')]))).toEqual([
      { total: '7199940000.00' },
    ]);
    expect(() => toProjectTable(t, [column('money', decimal(18, 4), '')])).toThrow(
      /scale 2, declared 4: CAST it in SQL/,
    );
    expect(() => toProjectTable(t, [column('code', int32(), '')])).toThrow(/column "code": Spark sent/);
    expect(() => toProjectTable(t, [column('nope', int32(), '')])).toThrow(/has no column "nope"/);
  });
});
