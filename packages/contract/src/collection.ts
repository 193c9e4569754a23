/**
 * @module A collection page as a type: generic, so written by hand beside `CollectionSchema`
 * (common.ts). `totalCount` counts the items in this page, not in the whole set.
 */
import type { Attributes, Link } from './wire-types.js';

export interface Collection<T> {
  totalCount: number;
  items: T[];
  links?: { self: Link; next?: Link; previous?: Link };
  continuationToken?: string;
  attributes: Attributes;
}
