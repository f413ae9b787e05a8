/** Facts of the warehouse folder every layer agrees on (the tables' own files are named by their schemas). */

/** The marker file that says a folder is an ecomflow warehouse (written last, at the swap). */
export const WAREHOUSE_MARKER = '_ecomflow_warehouse.json';
