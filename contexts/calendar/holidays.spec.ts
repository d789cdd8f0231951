import { describe, expect, it } from '@jest/globals';
import { declareHoliday, evolveHolidays, NO_HOLIDAYS, removeHoliday } from './holidays.js';

describe('holidays', () => {
  it('are declared, renamed and removed as events', () => {
    const declared = declareHoliday(NO_HOLIDAYS, '2026-03-20', 'Idul Fitri 1447 H');
    expect(declared).toEqual([{ type: 'HolidayDeclared', data: { date: '2026-03-20', name: 'Idul Fitri 1447 H' } }]);
    const state = declared.reduce(evolveHolidays, NO_HOLIDAYS);
    expect(state.holidays.has('2026-03-20')).toBe(true);
    expect(declareHoliday(state, '2026-03-20', 'Idul Fitri 1447 H')).toEqual([]);
    expect(removeHoliday(state, '2026-03-20').reduce(evolveHolidays, state).holidays.size).toBe(0);
  });
  it('refuse dates that do not exist and removing what is not a holiday', () => {
    expect(() => declareHoliday(NO_HOLIDAYS, '2026-02-30', 'x')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => declareHoliday(NO_HOLIDAYS, '2026-02-10', ' ')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => removeHoliday(NO_HOLIDAYS, '2026-02-10')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
