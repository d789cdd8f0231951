/** The injection token of the read models the engine runs (projections/index.ts lists them). */
export const PROJECTIONS = Symbol('Projections');
