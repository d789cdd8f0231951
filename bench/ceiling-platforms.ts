/** The HTTP platforms bench/ceiling-server.ts serves the bare Apollo server on (CEILING_PLATFORM). */
export const PLATFORMS = ['standalone', 'express', 'fastify'] as const;
export type Platform = (typeof PLATFORMS)[number];
