import { describe, expect, it } from '@jest/globals';
import type { Visibility } from './report-conditions.js';
import { isBroadSearch, searchRoute } from './search-route.js';

const EVERYONE: Visibility = { all: true, nonConfidential: false, agencyId: null, reporter: null, submitter: null };
const MINE: Visibility = { ...EVERYONE, all: false, reporter: 'reporter:1' };

describe('a full-text search walks the newest reports only where that reads fewer rows than the GIN index', () => {
  it('walks for a common word, up to as many rows as the index would match', () => {
    // "jalan rusak" at 1,000,000 reports: ~83,000 matches; the window's 250 were behind 30,000 newer
    // reports without the words after a burst of submissions, past the 5,000 rows of a fixed budget.
    expect(searchRoute({ rarest: 0.083, reports: 1_000_000, window: 250, broad: true })).toEqual({
      walk: true,
      budget: 83_000,
    });
  });

  it('takes the index when the walk would read more rows than the index matches', () => {
    // 1 % of 1,000,000: 10,000 matches against ~25,000 rows walked for 250.
    expect(searchRoute({ rarest: 0.01, reports: 1_000_000, window: 250, broad: true })).toEqual({
      walk: false,
      budget: 10_000,
    });
    // Between √(window / reports) (1.6 %) and 1/20: walked, behind a budget of 20,000 rows.
    expect(searchRoute({ rarest: 0.02, reports: 1_000_000, window: 250, broad: true })).toEqual({
      walk: true,
      budget: 20_000,
    });
    // A word the statistics do not list.
    expect(searchRoute({ rarest: 0, reports: 1_000_000, window: 250, broad: true })).toEqual({
      walk: false,
      budget: 5_000,
    });
    // In a small table, a word in half the reports is walked with 20 rows a report of the window.
    expect(searchRoute({ rarest: 0.5, reports: 1_000, window: 250, broad: true })).toEqual({
      walk: true,
      budget: 5_000,
    });
    expect(searchRoute({ rarest: 0.4, reports: 1_000, window: 250, broad: true }).walk).toBe(false);
  });

  it('keeps a filtered search to 20 rows a report of the window, which its filter may pass few of', () => {
    expect(searchRoute({ rarest: 0.083, reports: 1_000_000, window: 250, broad: false })).toEqual({
      walk: true,
      budget: 5_000,
    });
    // The walk would expect 12,500 rows, more than its budget.
    expect(searchRoute({ rarest: 0.02, reports: 1_000_000, window: 250, broad: false }).walk).toBe(false);
  });

  it('counts a search as broad with a period only, for a caller who sees every report or every public one', () => {
    expect(isBroadSearch(EVERYONE, { search: 'jalan', submittedFrom: '2026-01-01T00:00:00Z', status: [] })).toBe(true);
    expect(isBroadSearch({ ...EVERYONE, all: false, nonConfidential: true }, { search: 'jalan', kind: null })).toBe(
      true,
    );
    expect(isBroadSearch(EVERYONE, { search: 'jalan', category: 'kesehatan' })).toBe(false);
    expect(isBroadSearch(EVERYONE, { search: 'jalan', status: ['SUBMITTED'] })).toBe(false);
    expect(isBroadSearch(EVERYONE, { search: 'jalan', overdue: false })).toBe(false);
    expect(isBroadSearch(MINE, { search: 'jalan' })).toBe(false);
  });
});
