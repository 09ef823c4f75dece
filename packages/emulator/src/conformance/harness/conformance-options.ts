import type { EmulatorSettings } from '../../settings/settings-schema.js';

/** A person of the integration's product the checker signs in as. */
export interface ProductUser {
  name: string;
  password: string;
}

/** The module `--authorize-hook` names: it takes over the browser from the Authorize URL to the callback. */
export type AuthorizeHook = (input: {
  page: import('playwright-core').Page;
  authorizeUrl: string;
  user: ProductUser;
  /** What the person should answer on the consent page. */
  action: 'allow' | 'deny';
}) => Promise<void>;

/** Everything a conformance run needs, validated. */
export interface ConformanceOptions {
  settings: EmulatorSettings;
  users: ProductUser[];
  forbidden?: string;
  missing?: string;
  changeHook?: string;
  fuzz: number;
  only?: string[];
  failOn: 'must' | 'should';
  /** Time limit of each call, browser step and wait, in milliseconds. */
  timeoutMs: number;
  port: number;
  /** The interface Notion's API listens on (default 127.0.0.1). */
  host?: string;
  /** Where the integration and the browser reach Notion's API (default http://<host>:<port>). */
  publicUrl?: string;
  slow: boolean;
  /** A shell command that moves the integration's clock forward by $CONFORMANCE_ADVANCE_SECONDS (instead of waiting). */
  advanceClock?: string;
  authorizeHook?: AuthorizeHook;
  /** The browser to drive; Debian's Chromium by default. */
  chromiumPath: string;
}
