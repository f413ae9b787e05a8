import { describe, expect, it } from 'vitest';
import { EcomflowError } from '../../src/errors.js';
import { SparkError, cleanServerMessage } from '../../src/spark/index.js';

describe('SparkError', () => {
  it('is an EcomflowError carrying the error class and the server message', () => {
    const e = new SparkError('spark.server', '[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012', {
      errorClass: 'DIVIDE_BY_ZERO',
      sqlState: '22012',
      grpcCode: 13,
    });
    expect(e).toBeInstanceOf(EcomflowError);
    expect(e.name).toBe('SparkError');
    expect(e.rule).toBe('spark.server');
    expect(e.message).toBe('Spark: [DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012');
    expect([e.errorClass, e.sqlState, e.grpcCode, e.messageParameters]).toEqual(['DIVIDE_BY_ZERO', '22012', 13, {}]);
  });
});

describe('cleanServerMessage', () => {
  it('drops a JVM stack trace, stack frames and "Caused by" lines', () => {
    const jvm = [
      '[INTERNAL_ERROR] boom SQLSTATE: XX000',
      '\tat org.apache.spark.sql.Foo.bar(Foo.scala:12)',
      '\tat org.apache.spark.sql.Foo$.$anonfun$baz$1(Foo.scala:7)',
      '\t... 12 more',
      'Caused by: java.lang.NullPointerException',
    ].join('\n');
    expect(cleanServerMessage(jvm)).toBe('[INTERNAL_ERROR] boom SQLSTATE: XX000');
    expect(cleanServerMessage('[X] a\n\nJVM stacktrace:\norg.apache.spark.SparkException: a\n\tat x.y(z.java:1)')).toBe(
      '[X] a',
    );
  });

  it('drops the logical plan an analysis error appends, keeping the position', () => {
    const head = '[TABLE_OR_VIEW_NOT_FOUND] The table `nope` cannot be found. SQLSTATE: 42P01; line 1 pos 14';
    expect(cleanServerMessage(`${head};\n'Project [*]\n+- 'UnresolvedRelation [nope], [], false`)).toBe(head);
  });

  it('keeps the SQL fragment Spark points at, and trims blank lines', () => {
    const kept = [
      "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)",
      '',
      '== SQL ==',
      'SELEC 1',
      '^^^',
    ].join('\n');
    expect(cleanServerMessage(`\n${kept}\n`)).toBe(kept);
  });
});
