/** Reads tables back out of the report's HTML, for tests that check what it shows against the warehouse. */

/**
 * The cells of the table with `id`, row by row after the header (tfoot last): a money or count cell's exact
 * `data-value`, any other cell's text.
 * @example
 * reportTableRows(html, 'table-profit-by-year'); // [['2014', '1993', '39185.75'], …, ['Total', '9994', '278417.03']]
 */
export function reportTableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table #${id}`);
  return [...table[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((tr) =>
    [...tr[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => {
      const value = /data-value="([^"]*)"/.exec(cell[1]!);
      return value ? value[1]! : cell[1]!.replace(/<[^>]+>/g, '');
    }),
  );
}
