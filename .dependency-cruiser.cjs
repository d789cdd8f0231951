/**
 * The rooms and what they may touch (../shared/ARCHITECTURE.md): contexts/ is the pure domain;
 * projections/ read models over it and the kernel of event and projection types; nothing imports
 * in a circle. Tests (*.spec.ts, test/) may reach anything. `npm run lint` runs this.
 */
module.exports = {
  forbidden: [
    {
      name: 'contexts-are-pure',
      comment: 'contexts/ imports nothing outside contexts/ but the standard library',
      severity: 'error',
      from: { path: '^contexts/', pathNot: '\\.(spec|given)\\.ts$' },
      to: { pathNot: '^contexts/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'projections-see-contexts-and-kernel',
      comment: 'projections/ imports only contexts/, the kernel (src/kernel) and the database client types',
      severity: 'error',
      from: { path: '^projections/', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: ['^projections/', '^contexts/', '^src/kernel/', '^node_modules/typeorm/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'kernel-stands-alone',
      comment: 'the kernel imports nothing from the rest of src/',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^(src|projections|bench|test)/', pathNot: '^src/kernel/' },
    },
    {
      name: 'no-upward-from-src',
      comment: 'the application does not import tests or benchmarks',
      severity: 'error',
      from: { path: '^(src|contexts|projections)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'console-speaks-only-graphql',
      comment: 'console/ is a client of the public API: it imports none of the service, its domain or its tests',
      severity: 'error',
      from: { path: '^console/' },
      to: { path: '^(src|contexts|projections|test|bench)/' },
    },
    {
      name: 'no-upward-into-console',
      comment: 'nothing on the server side imports the console',
      severity: 'error',
      from: { path: '^(src|contexts|projections|test|bench)/' },
      to: { path: '^console/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles, type-only imports included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
