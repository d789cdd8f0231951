import type { Decider } from '../decider.js';
import { DomainError, unreachable } from '../domain-error.js';

/** The two-level category taxonomy is one admin-maintained stream. */
export const CATEGORIES_STREAM = 'taxonomy-categories';

export type CategoryEvent =
  | { type: 'CategoryAdded'; data: { code: string; name: string; parentCode: string | null } }
  | { type: 'CategoryRenamed'; data: { code: string; name: string } };

export const CATEGORY_EVENT_SCHEMA_VERSIONS: Record<CategoryEvent['type'], number> = {
  CategoryAdded: 1,
  CategoryRenamed: 1,
};

export interface Category {
  code: string;
  name: string;
  parentCode: string | null;
}

export type Categories = ReadonlyMap<string, Category>;

export function evolveCategories(state: Categories, event: CategoryEvent): Categories {
  const next = new Map(state);
  switch (event.type) {
    case 'CategoryAdded':
      next.set(event.data.code, { ...event.data });
      return next;
    case 'CategoryRenamed':
      next.set(event.data.code, { ...next.get(event.data.code)!, name: event.data.name });
      return next;
    default:
      return unreachable(event);
  }
}

const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function addCategory(state: Categories, code: string, name: string, parentCode: string | null): CategoryEvent[] {
  if (!CODE.test(code) || code.length > 60)
    throw new DomainError('BAD_USER_INPUT', 'A category code is lower-case letters, digits and dashes, at most 60');
  const existing = state.get(code);
  // The same category again (a retry) records nothing; another name or parent under its code is refused.
  if (existing?.name === categoryName(name) && existing.parentCode === parentCode) return [];
  if (existing) throw new DomainError('CONFLICT', `Category ${code} exists already, with another name or parent`);
  if (parentCode !== null) {
    const parent = state.get(parentCode);
    if (!parent) throw new DomainError('NOT_FOUND', `No parent category ${parentCode}`);
    if (parent.parentCode !== null)
      throw new DomainError('BAD_USER_INPUT', 'The taxonomy has two levels: a sub-category cannot have children');
  }
  return [{ type: 'CategoryAdded', data: { code, name: categoryName(name), parentCode } }];
}

export function renameCategory(state: Categories, code: string, name: string): CategoryEvent[] {
  if (!state.has(code)) throw new DomainError('NOT_FOUND', `No category ${code}`);
  return [{ type: 'CategoryRenamed', data: { code, name: categoryName(name) } }];
}

function categoryName(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.length < 2 || trimmed.length > 120)
    throw new DomainError('BAD_USER_INPUT', 'A category name has 2 to 120 characters');
  return trimmed;
}

export type CategoryCommand =
  | { type: 'AddCategory'; code: string; name: string; parentCode: string | null }
  | { type: 'RenameCategory'; code: string; name: string };

/** The two-level taxonomy, one stream for all categories. */
export const categoriesDecider: Decider<CategoryCommand, Categories, CategoryEvent, void> = {
  initial: new Map(),
  evolve: (state, event) => evolveCategories(state, event),
  decide: (command, state) =>
    command.type === 'AddCategory'
      ? addCategory(state, command.code, command.name, command.parentCode)
      : renameCategory(state, command.code, command.name),
  schemaVersions: CATEGORY_EVENT_SCHEMA_VERSIONS,
};
