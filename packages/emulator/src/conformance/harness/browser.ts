import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import type { AuthorizeHook, ProductUser } from './conformance-options.js';

/** Debian's Chromium, headless, quiet: never a download, never a call home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const CONSENT_BUTTON = /^\s*(allow|authorize|authorise|approve|accept|connect)\b/i;
const DENY_BUTTON = /^\s*(deny|cancel|decline|reject|don['’]?t allow|do not allow)\b/i;
const USERNAME_FIELDS = [
  'input[type=email]',
  'input[autocomplete=username]',
  'input[name*=user i]',
  'input[name*=email i]',
  'input[name*=login i]',
  'input[id*=user i]',
  'input[id*=email i]',
  'input[type=text]',
].join(', ');

/** The consent page as the browser got it: its headers and the form its consent button submits. */
export interface ConsentSnapshot {
  url: string;
  status: number;
  headers: Record<string, string>;
  form?: { action: string; method: string; fields: Array<[string, string]> };
}

/** A page the browser navigated to (main frame): for the leak check. */
export interface SeenNavigation {
  url: string;
  status: number;
  headers: Record<string, string>;
}

export interface BrowserFlowInput {
  user: ProductUser;
  authorizeUrl: string;
  action: 'allow' | 'deny' | 'stop-at-consent';
  timeoutMs: number;
  /** True once the browser is at Notion's callback. */
  atCallback: (url: string) => boolean;
  hook?: AuthorizeHook;
}

/** Chromium through playwright-core, one browser context (cookie jar) per person. */
export class PersonBrowser {
  private readonly contexts = new Map<string, BrowserContext>();
  readonly navigations: SeenNavigation[] = [];

  private constructor(private readonly browser: Browser) {}

  static async launch(executablePath: string): Promise<PersonBrowser> {
    const playwright = await import('playwright-core');
    const browser = await playwright.chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    return new PersonBrowser(browser);
  }

  private async contextOf(user: ProductUser): Promise<BrowserContext> {
    const existing = this.contexts.get(user.name);
    if (existing) return existing;
    const context = await this.browser.newContext();
    this.contexts.set(user.name, context);
    return context;
  }

  /** The person's cookies for `url`, as a Cookie header. */
  async cookieHeader(user: ProductUser, url: string): Promise<string> {
    const cookies = await (await this.contextOf(user)).cookies(url);
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }

  /**
   * From the Authorize URL to Notion's callback as the person: signs in when asked, then presses Allow or
   * Deny (or stops on the consent page). The hook, when given, does all of it instead.
   */
  async authorize(input: BrowserFlowInput): Promise<{ consent?: ConsentSnapshot }> {
    const page = await (await this.contextOf(input.user)).newPage();
    page.setDefaultTimeout(input.timeoutMs);
    let lastDocument: Response | undefined;
    page.on('response', (response) => {
      if (!response.request().isNavigationRequest() || response.frame() !== page.mainFrame()) return;
      lastDocument = response;
      void response
        .allHeaders()
        .then((headers) => this.navigations.push({ url: response.url(), status: response.status(), headers }))
        .catch(() => undefined);
    });
    try {
      if (input.hook && input.action !== 'stop-at-consent') {
        await input.hook({ page, authorizeUrl: input.authorizeUrl, user: input.user, action: input.action });
        return {};
      }
      await page.goto(input.authorizeUrl);
      return await walkToCallback(page, input, () => lastDocument);
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Sign-in form and consent button, at most eight pages, until the browser reaches the callback. */
async function walkToCallback(
  page: Page,
  input: BrowserFlowInput,
  lastDocument: () => Response | undefined,
): Promise<{ consent?: ConsentSnapshot }> {
  let consent: ConsentSnapshot | undefined;
  for (let step = 0; step < 8; step += 1) {
    await page.waitForLoadState('load');
    if (input.atCallback(page.url())) return consent ? { consent } : {};
    const password = page.locator('input[type=password]').first();
    if ((await password.count()) > 0 && (await password.isVisible())) {
      await signIn(page, input.user);
      continue;
    }
    const allow = page.getByRole('button', { name: CONSENT_BUTTON }).first();
    if ((await allow.count()) === 0) {
      const status = lastDocument()?.status() ?? 0;
      throw new Error(
        `the browser found neither a sign-in form nor a consent button (${CONSENT_BUTTON.source}) at ${page.url()} (HTTP ${status}); pass --authorize-hook for this sign-in`,
      );
    }
    consent = await snapshotConsent(page, lastDocument());
    if (input.action === 'stop-at-consent') return { consent };
    if (input.action === 'deny') {
      const deny = page.getByRole('button', { name: DENY_BUTTON }).first();
      if ((await deny.count()) === 0) throw new Error(`the consent page at ${page.url()} has no Deny button`);
      await deny.click();
    } else {
      await allow.click();
    }
  }
  throw new Error(`the browser did not reach Notion's callback within 8 pages (last: ${page.url()})`);
}

async function signIn(page: Page, user: ProductUser): Promise<void> {
  const username = page.locator(USERNAME_FIELDS).first();
  if ((await username.count()) === 0)
    throw new Error(`the sign-in page ${page.url()} has no username or email field`);
  const before = page.url();
  await username.fill(user.name);
  await page.locator('input[type=password]').first().fill(user.password);
  await page.locator('input[type=password]').first().press('Enter');
  await page.waitForLoadState('load');
  const stillThere = page.url() === before && (await page.locator('input[type=password]').count()) > 0;
  if (stillThere) throw new Error(`signing in as ${user.name} failed at ${before}: check --user`);
}

async function snapshotConsent(page: Page, document: Response | undefined): Promise<ConsentSnapshot> {
  const headers = document ? await document.allHeaders() : {};
  const form = await page
    .getByRole('button', { name: CONSENT_BUTTON })
    .first()
    .evaluate((button) => {
      // Runs in the page: DOM types are not in this package's lib, so described structurally.
      type Field = { name: string; value: string };
      type FormLike = {
        action: string;
        method: string;
        elements: ArrayLike<Field & { type?: string; checked?: boolean; disabled?: boolean }>;
      };
      const element = button as unknown as Field & { form: FormLike | null };
      const owner = element.form;
      if (!owner) return undefined;
      const fields: Array<[string, string]> = [];
      for (const input of Array.from(owner.elements)) {
        const type = input.type ?? '';
        if (!input.name || input.disabled || ['submit', 'button', 'image', 'reset', 'file'].includes(type))
          continue;
        if ((type === 'checkbox' || type === 'radio') && !input.checked) continue;
        fields.push([input.name, input.value]);
      }
      if (element.name) fields.push([element.name, element.value]);
      return { action: owner.action, method: (owner.method || 'get').toUpperCase(), fields };
    });
  return { url: page.url(), status: document?.status() ?? 0, headers, ...(form ? { form } : {}) };
}
