/** Whether `value` is a uuid as PostgreSQL writes one (hex digits of either case in 8-4-4-4-12), so a lookup by it cannot fail as invalid input. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
