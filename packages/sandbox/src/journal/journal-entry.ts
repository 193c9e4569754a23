/** @module One recorded request of the journal (its shape is the contract's), and what a listing may filter on. */
import type { JournalEntry } from '@partnerbox/contract';

export type { JournalEntry };

export type NewJournalEntry = Omit<JournalEntry, 'seq'>;

export interface JournalQuery {
  method?: string;
  partner?: string;
  /** An exact status, or a class: 400-499 is `{ min: 400, max: 499 }`. */
  status?: { min: number; max: number };
  /** Epoch ms, inclusive. */
  since?: number;
  until?: number;
  /** At most this many of the newest matching entries, returned in arrival order; absent: all. */
  limit?: number;
}
