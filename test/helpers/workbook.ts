/** Small workbooks for xlsx reader tests, written with exceljs's (non-streaming) writer. */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { column, plainString, sourceRowColumn, type TableSchema } from '../../src/schemas/index.js';
import { tempDir } from './tmp.js';

/** A raw schema with one required column `id`; every other header becomes an undeclared text column. */
export const idSchema: TableSchema = {
  name: 'things',
  layer: 'raw',
  grain: 'one row per worksheet row after the header',
  openColumns: true,
  columns: [column('id', plainString(), 'Key.', { source: 'id', required: true }), sourceRowColumn],
};

/** A cell: a value, or a value with its number format. */
export type Cell = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt: string };

/** Writes a workbook; each sheet is a list of rows (undefined = no row). Returns its path. */
export async function workbook(
  sheets: Record<string, (Cell[] | undefined)[]>,
  options: { date1904?: boolean } = {},
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  if (options.date1904) wb.properties.date1904 = true;
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    rows.forEach((cells, r) => {
      cells?.forEach((cell, c) => {
        const target = ws.getCell(r + 1, c + 1);
        if (cell !== null && typeof cell === 'object' && 'numFmt' in cell) {
          target.value = cell.value;
          target.numFmt = cell.numFmt;
        } else {
          target.value = cell;
        }
      });
    });
  }
  const file = join(tempDir('ecomflow-xlsx-'), 'book.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}
