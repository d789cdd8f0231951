import { startOfWibDay } from '../../contexts/calendar/working-days.js';
import { DomainError } from '../../contexts/domain-error.js';
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AgencyCommand } from '../../contexts/agencies/agency.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { principalOf } from '../../contexts/principals/principal.js';
import { CurrentActor, type RequestContext } from '../auth/current-actor.js';
import { uuidFromName } from '../commands/uuid-from-name.js';
import { positionText } from '../graphql/mutation-fields.js';
import { DateScalar } from '../graphql/scalars.js';
import { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { ChangeCategories, ChangeHolidays, ExecuteAgencyCommand } from './agency-commands.js';
import { AgencyRegistry } from './agency-registry.js';
import {
  AddUnitInput,
  AgencyView,
  CategoryInput,
  CategoryView,
  ConnectAgencyInput,
  DisconnectAgencyInput,
  HolidayInput,
  HolidayRemoval,
  HolidayView,
  RegisterAgencyInput,
  RenameAgencyInput,
  RenameUnitInput,
  toAgencyView,
} from './registry.model.js';

/** Administration of agencies, units, categories and holidays (ADMIN), and reading them (anyone). */
@Resolver()
export class RegistryResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly registry: AgencyRegistry,
    private readonly calendar: HolidayCalendarService,
  ) {}

  @Query(() => AgencyView)
  async agency(@Args('id') id: string): Promise<AgencyView> {
    return toAgencyView(await this.registry.agency(id));
  }

  @Query(() => [CategoryView], { description: 'The two-level category taxonomy' })
  async categories(): Promise<CategoryView[]> {
    return [...(await this.registry.categories()).values()];
  }

  @Query(() => [HolidayView], { description: 'Holidays of a year, in date order' })
  async holidays(@Args('year', { type: () => Int }) year: number): Promise<HolidayView[]> {
    if (!Number.isInteger(year) || year < 1900 || year > 2200)
      throw new DomainError('BAD_USER_INPUT', 'year must be between 1900 and 2200', { argument: 'year' });
    const { names } = await this.calendar.current(0);
    return [...names]
      .filter(([date]) => date.startsWith(`${year}-`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, name]) => ({ date, name }));
  }

  @Mutation(() => AgencyView)
  async registerAgency(
    @Args('input') input: RegisterAgencyInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    if (input.parentId) await this.registry.agency(input.parentId);
    const agencyId = input.idempotencyKey
      ? uuidFromName(`agency:${principalOf(actor)}:${input.idempotencyKey}`)
      : randomUUID();
    return this.agencyCommand(
      agencyId,
      {
        type: 'RegisterAgency',
        agencyId,
        name: input.name,
        agencyType: input.type,
        parentId: input.parentId ?? null,
        regionCode: input.regionCode ?? null,
      },
      actor,
      context,
    );
  }

  @Mutation(() => AgencyView)
  renameAgency(
    @Args('input') input: RenameAgencyInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.agencyCommand(input.agencyId, { type: 'RenameAgency', name: input.name }, actor, context);
  }

  @Mutation(() => AgencyView, { description: 'Officially connects the agency to the national system (keterhubungan)' })
  connectAgency(
    @Args('input') input: ConnectAgencyInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.agencyCommand(
      input.agencyId,
      {
        type: 'ConnectAgency',
        decree: input.decree ?? null,
        effectiveAt: input.effectiveDate ? startOfWibDay(input.effectiveDate) : null,
      },
      actor,
      context,
    );
  }

  @Mutation(() => AgencyView)
  disconnectAgency(
    @Args('input') input: DisconnectAgencyInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    return this.agencyCommand(
      input.agencyId,
      {
        type: 'DisconnectAgency',
        reason: input.reason ?? null,
        effectiveAt: input.effectiveDate ? startOfWibDay(input.effectiveDate) : null,
      },
      actor,
      context,
    );
  }

  @Mutation(() => AgencyView)
  addUnit(@Args('input') input: AddUnitInput, @CurrentActor() actor: Actor, @Context() context: RequestContext) {
    return this.agencyCommand(
      input.agencyId,
      {
        type: 'AddUnit',
        unitId: input.idempotencyKey
          ? uuidFromName(`unit:${input.agencyId}:${principalOf(actor)}:${input.idempotencyKey}`)
          : randomUUID(),
        name: input.name,
      },
      actor,
      context,
    );
  }

  @Mutation(() => AgencyView)
  renameUnit(@Args('input') input: RenameUnitInput, @CurrentActor() actor: Actor, @Context() context: RequestContext) {
    return this.agencyCommand(
      input.agencyId,
      { type: 'RenameUnit', unitId: input.unitId, name: input.name },
      actor,
      context,
    );
  }

  @Mutation(() => [CategoryView])
  async addCategory(
    @Args('input') input: CategoryInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    const { state, position } = await this.commands.execute(
      new ChangeCategories(
        { type: 'AddCategory', code: input.code, name: input.name, parentCode: input.parentCode ?? null },
        origin(actor, context),
      ),
    );
    return [...state.values()].map((category) => ({ ...category, position: positionText(position) }));
  }

  @Mutation(() => [CategoryView])
  async renameCategory(
    @Args('input') input: CategoryInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    const { state, position } = await this.commands.execute(
      new ChangeCategories({ type: 'RenameCategory', code: input.code, name: input.name }, origin(actor, context)),
    );
    return [...state.values()].map((category) => ({ ...category, position: positionText(position) }));
  }

  @Mutation(() => HolidayView, {
    description: 'Declares (or renames) a holiday: working-day deadlines skip it from now on',
  })
  async declareHoliday(
    @Args('input') input: HolidayInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ) {
    const { state, position } = await this.commands.execute(
      new ChangeHolidays({ type: 'DeclareHoliday', date: input.date, name: input.name }, origin(actor, context)),
    );
    return { date: input.date, name: state.names.get(input.date)!, position: positionText(position) };
  }

  @Mutation(() => HolidayRemoval, { description: 'Removes a holiday: working-day deadlines count it from now on' })
  async removeHoliday(
    @Args('date', { type: () => DateScalar }) date: string,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<HolidayRemoval> {
    const { position } = await this.commands.execute(
      new ChangeHolidays({ type: 'RemoveHoliday', date }, origin(actor, context)),
    );
    return { date, position: positionText(position) };
  }

  private async agencyCommand(
    agencyId: string,
    command: AgencyCommand,
    actor: Actor,
    context: RequestContext,
  ): Promise<AgencyView> {
    const { state, position } = await this.commands.execute(
      new ExecuteAgencyCommand(agencyId, command, origin(actor, context)),
    );
    return toAgencyView(state, position);
  }
}

function origin(actor: Actor, context: RequestContext) {
  return { actor, channel: context.channel, correlationId: context.correlationId };
}
