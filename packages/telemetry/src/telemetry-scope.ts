import { version } from '../package.json';

/** Instrumentation scope name every tracer, meter and event logger of the toolkit uses. */
export const TELEMETRY_SCOPE_NAME = '@aiclient/telemetry';

/** Version reported with the instrumentation scope (this package's version). */
export const TELEMETRY_SCOPE_VERSION: string = version;
