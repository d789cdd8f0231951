import { Inject } from '@nestjs/common';
import { Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Holidays } from '../../contexts/calendar/holidays.js';
import { workingDaysLeft } from '../../contexts/calendar/working-days.js';
import { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { CLOCK, type Clock } from '../clock.js';
import { batchLoader } from '../graphql/batch-loader.js';
import { DeadlineView } from './report.model.js';

/** A deadline's fields that depend on today and the holiday calendar, not on the report's events. */
@Resolver(() => DeadlineView)
export class DeadlineFieldsResolver {
  constructor(
    private readonly calendar: HolidayCalendarService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ResolveField(() => Int, {
    description:
      'Working days from today (WIB) to the due date: 0 when due today; negative once the due date has passed (the working days since, at least 1), on the holiday calendar as it is now',
  })
  async workingDaysLeft(@Parent() deadline: DeadlineView, @Context() context: object): Promise<number> {
    // Read once for all the deadlines of a page.
    const holidays = await batchLoader<Holidays>(context, 'holiday-calendar', async () => {
      return new Map([['current', await this.calendar.current()]]);
    }).load('current');
    return workingDaysLeft(this.clock.now(), new Date(deadline.dueAt), holidays!);
  }
}
