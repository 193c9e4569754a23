/** @module The formats of `-o/--output`. */

/** `text` is the default: sentences and tables for people. The others print the result alone. */
export const OUTPUT_FORMATS = ['text', 'json', 'yaml', 'table', 'tsv'] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
