/** Reading the report's HTML in tests: the cells of a table by id, exact values from `data-value`. */

/**
 * The cells of the table with `id`, row by row (header row left out, tfoot last): a cell's exact `data-value`
 * when it has one, else its text without tags.
 */
export function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table #${id}`);
  return [...table[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((tr) =>
    [...tr[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => {
      const value = /data-value="([^"]*)"/.exec(cell[1]!);
      return value ? value[1]! : cell[1]!.replace(/<[^>]+>/g, '');
    }),
  );
}

/** The text of `html` without tags, entities decoded for the few the report writes, whitespace collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The `<section id="…">` of the page, for assertions about one part only. */
export function section(html: string, id: string): string {
  const m = new RegExp(`<section id="${id}"[\\s\\S]*?</section>(?=\\s*(<section id=|</main>))`).exec(html);
  if (!m) throw new Error(`no section #${id}`);
  return m[0];
}
