/** What a fresh install of one published package may pull in. */
export interface InstallRule {
  /** Most third-party packages allowed in `node_modules` besides `@aiclient/*`. */
  maxDependencies?: number;
  /** Installed package names that must not appear, with the reason shown on failure. */
  forbidden?: readonly { pattern: RegExp; reason: string }[];
}

/** The install promises the README makes, checked in every scratch project. */
export const INSTALL_RULES: Readonly<Record<string, InstallRule>> = {
  '@aiclient/errors': { maxDependencies: 0 },
  '@aiclient/client': {
    forbidden: [
      {
        pattern: /^@opentelemetry\/(?!api$)/,
        reason: 'the client uses @opentelemetry/api only; the SDK is the application’s choice',
      },
      { pattern: /^winston$/, reason: 'winston is an optional peer of @aiclient/telemetry/node' },
    ],
  },
};
