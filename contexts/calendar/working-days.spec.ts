import { describe, expect, it } from '@jest/globals';
import { addWorkingDays, isWorkingDay, wibDate, workingDaysBetween, workingDaysLeft } from './working-days.js';

const none = { holidays: new Set<string>() };
// Idul Fitri 1447 H falls on 20 and 21 March 2026 (Friday, Saturday); cuti bersama on the 23rd.
const lebaran = { holidays: new Set(['2026-03-20', '2026-03-21', '2026-03-23']) };

describe('working days (WIB)', () => {
  it('reads instants on the WIB calendar', () => {
    expect(wibDate(new Date('2026-11-23T16:59:59.999Z'))).toBe('2026-11-23');
    expect(wibDate(new Date('2026-11-23T17:00:00.000Z'))).toBe('2026-11-24');
  });

  it('skips weekends and holidays', () => {
    expect(isWorkingDay('2026-11-23', none)).toBe(true);
    expect(isWorkingDay('2026-11-21', none)).toBe(false);
    expect(isWorkingDay('2026-03-23', lebaran)).toBe(false);
  });

  it('adds working days to the end of the last one, in WIB', () => {
    expect(addWorkingDays(new Date('2026-11-19T03:00:00Z'), 3, none).toISOString()).toBe('2026-11-24T16:59:59.999Z');
    expect(addWorkingDays(new Date('2026-03-18T03:00:00Z'), 3, lebaran).toISOString()).toBe('2026-03-25T16:59:59.999Z');
    expect(addWorkingDays(new Date('2026-11-23T03:00:00Z'), 0, none).toISOString()).toBe('2026-11-23T16:59:59.999Z');
  });

  it('counts working days between two instants over any years', () => {
    expect(workingDaysBetween(new Date('2026-11-23T03:00:00Z'), new Date('2026-11-30T03:00:00Z'), none)).toBe(5);
    expect(workingDaysBetween(new Date('2026-03-18T03:00:00Z'), new Date('2026-03-25T03:00:00Z'), lebaran)).toBe(3);
    expect(workingDaysBetween(new Date('2026-11-30T03:00:00Z'), new Date('2026-11-23T03:00:00Z'), none)).toBe(0);
    expect(workingDaysBetween(new Date('2023-12-31T03:00:00Z'), new Date('2027-12-31T03:00:00Z'), none)).toBe(1045); // counted with Python's datetime
  });

  it('counts the working days left to a deadline: 0 on its day, negative once its date has passed', () => {
    // Wednesday 18 March 2026, 10:00 WIB; the deadline is the end of Wednesday 25 March (WIB).
    const due = new Date('2026-03-25T16:59:59.999Z');
    const at = (instant: string) => workingDaysLeft(new Date(instant), due, lebaran);
    expect(at('2026-03-18T03:00:00Z')).toBe(3); // 19, 24 and 25 March: 20, 21 and 23 are holidays, 22 a Sunday
    expect(workingDaysLeft(new Date('2026-03-18T03:00:00Z'), due, none)).toBe(5);
    expect(at('2026-03-24T16:59:59.999Z')).toBe(1);
    expect(at('2026-03-24T17:00:00.000Z')).toBe(0); // 00:00 WIB on the 25th
    expect(at('2026-03-25T16:59:59.999Z')).toBe(0);
    expect(at('2026-03-25T17:00:00.000Z')).toBe(-1); // Thursday the 26th
    expect(at('2026-03-27T03:00:00Z')).toBe(-2);
    expect(at('2026-03-28T03:00:00Z')).toBe(-2); // Saturday: no working day more has passed
    expect(at('2026-03-30T03:00:00Z')).toBe(-3);
    // Due on a Friday, read on the Saturday after: past, though no working day has gone by since.
    const friday = new Date('2026-11-27T16:59:59.999Z');
    expect(workingDaysLeft(new Date('2026-11-28T03:00:00Z'), friday, none)).toBe(-1);
    expect(workingDaysLeft(new Date('2026-11-30T03:00:00Z'), friday, none)).toBe(-1);
    expect(workingDaysLeft(new Date('2026-12-01T03:00:00Z'), friday, none)).toBe(-2);
  });

  it('inverts: the days between a start and its deadline are the days added', () => {
    for (const start of ['2026-03-16T01:00:00Z', '2026-03-20T10:00:00Z', '2026-12-31T16:30:00Z']) {
      for (const days of [1, 3, 5, 10]) {
        const due = addWorkingDays(new Date(start), days, lebaran);
        expect(workingDaysBetween(new Date(start), due, lebaran)).toBe(days);
      }
    }
  });
});
