import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

function refuse(type: string, value: unknown, example: string): never {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : typeof value;
  throw new GraphQLError(`${type} must be written like ${example}, not ${shown}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function isCalendarDay(year: string, month: string, day: string): boolean {
  const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === `${year}-${month}-${day}`;
}

/** YYYY-MM-DD, a day that exists (years 1900-2200: a public-service calendar, and what PostgreSQL compares). */
function parseDate(value: unknown): string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  const [, year, month, day] = match ?? [];
  if (!match || !isCalendarDay(year!, month!, day!) || Number(year) < 1900 || Number(year) > 2200)
    refuse('Date', value, '2026-11-23 (a day of years 1900-2200)');
  return value as string;
}

/** ISO 8601 with its offset (Z or ±hh:mm), a moment that exists, as the ISO string in UTC. */
function parseDateTime(value: unknown): string {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  const [, year, month, day, hour, minute, second, , offsetHour, offsetMinute] = match ?? [];
  const valid =
    match &&
    isCalendarDay(year!, month!, day!) &&
    Number(year) >= 1900 &&
    Number(year) <= 2200 &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second ?? 0) <= 59 &&
    Number(offsetHour ?? 0) <= 14 &&
    Number(offsetMinute ?? 0) <= 59;
  if (!valid) refuse('DateTime', value, '2026-11-23T10:00:00+07:00 or 2026-11-23T03:00:00Z');
  return new Date(value as string).toISOString();
}

function literal(parse: (value: unknown) => string, type: string) {
  return (node: ValueNode) => (node.kind === Kind.STRING ? parse(node.value) : refuse(type, node.kind, 'a string'));
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day, YYYY-MM-DD (on the WIB calendar where a day is meant), years 1900-2200',
  serialize: (value) => String(value),
  parseValue: parseDate,
  parseLiteral: literal(parseDate, 'Date'),
});

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description:
    'An instant, ISO 8601 with its offset: 2026-11-23T10:00:00+07:00 or 2026-11-23T03:00:00.000Z. Answers are in UTC',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseDateTime,
  parseLiteral: literal(parseDateTime, 'DateTime'),
});
