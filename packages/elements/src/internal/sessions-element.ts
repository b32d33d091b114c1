import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { type SessionsApiError, toApiError } from '../client/error.js';
import { httpClient } from '../client/http-client.js';
import type { SessionsClient } from '../client/types.js';
import { sessionsEvent } from '../events/create.js';
import type { SessionsBookedDetail } from '../events/sessions-booked.js';
import type { SessionsCancelledDetail } from '../events/sessions-cancelled.js';
import { isTimeZone, visitorTimeZone } from '../format/dates.js';
import { formatMoney } from '../format/money.js';
import { defaultMessages, type Messages } from './messages.js';

/** A message shown in the element's alert region, with what the visitor can do next. */
export interface Problem {
  readonly error: SessionsApiError;
  readonly text: string;
  readonly actions?: TemplateResult | typeof nothing;
}

let keyCounter = 0;

/** A fresh idempotency key per command, so a retried request is not booked twice. */
export function idempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c?.getRandomValues(bytes);
  return `${Date.now().toString(36)}-${(keyCounter++).toString(36)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * What every element shares: how it reaches the practice (`api` or `.client`),
 * the visitor's locale, zone and currency, a live region for results and an
 * alert region for errors, and typed events. Not an element itself: the
 * three elements extend it.
 */
export class SessionsElement extends LitElement {
  /** Base URL of the `@sessions/http` API (`/api`, `https://practice.example/api`). Ignored when `client` is set. */
  @property({ reflect: true }) api?: string;

  /** The client to use instead of `api`: any object implementing `SessionsClient` (an in-process client, a test double). */
  @property({ attribute: false }) client?: SessionsClient;

  /** BCP 47 locale for dates, times and money. Default: the visitor's (the browser's language), then the nearest `lang` attribute. */
  @property({ reflect: true }) locale?: string;

  /** ISO 4217 code of the practice's prices, used until (or unless) `/settings` tells the elements. Amounts that carry their own currency keep it. */
  @property({ reflect: true }) currency?: string;

  /** IANA zone times are shown in. Default: the visitor's own (the browser's). */
  @property({ attribute: 'time-zone', reflect: true }) timeZone?: string;

  /** The level of the element's top headings (1–6); sub-headings are one below. Match the page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** Replace any of the element's texts (for another language, or other words). */
  @property({ attribute: false }) messages?: Partial<Messages>;

  /** The latest result, read out by screen readers. */
  @state() protected announcement = '';

  /** The result is on screen elsewhere already: the live region only speaks it. */
  @state() protected announcementQuiet = false;

  /** The latest failure, shown in the alert region. */
  @state() protected problem: Problem | null = null;

  private cachedClient?: { api: string; client: SessionsClient };

  /** The client the element talks to: `.client`, else an `httpClient(api)`, else none yet. */
  protected get sessionsClient(): SessionsClient | undefined {
    if (this.client) return this.client;
    if (!this.api) return undefined;
    if (this.cachedClient?.api !== this.api) this.cachedClient = { api: this.api, client: httpClient(this.api) };
    return this.cachedClient.client;
  }

  protected get resolvedLocale(): string {
    const lang = this.locale || globalThis.navigator?.language || this.closest('[lang]')?.getAttribute('lang') || 'en';
    try {
      return Intl.getCanonicalLocales(lang)[0] ?? 'en';
    } catch {
      return 'en';
    }
  }

  protected get resolvedTimeZone(): string {
    return this.timeZone && isTimeZone(this.timeZone) ? this.timeZone : visitorTimeZone();
  }

  protected get t(): Messages {
    return this.messages ? { ...defaultMessages, ...this.messages } : defaultMessages;
  }

  /**
   * Money for the visitor. `currency` is the amount's own (an API `Money`), or
   * for a bare amount the practice's (`/settings`); the `currency` attribute
   * stands in when neither is known.
   */
  protected money(minor: number, currency: string | undefined): string {
    const code = currency || this.currency;
    if (!code) return String(minor);
    try {
      return formatMoney(minor, code, this.resolvedLocale);
    } catch {
      return `${minor} ${code}`;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('api') || changed.has('client')) this.problem = null;
  }

  /**
   * Say something in the live region (a result: booked, cancelled). `quiet`:
   * the same words are on screen already, so the region is read out but not shown.
   */
  protected announce(message: string, options: { quiet?: boolean } = {}): void {
    this.problem = null;
    this.announcementQuiet = options.quiet === true;
    if (this.announcement !== message) {
      this.announcement = message;
      return;
    }
    // The same words again: clear the region first, so they are read out again.
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = message;
    });
  }

  /** Turn a failure into a `SessionsApiError`, emit `sessions-error`, and show `text` (or the error's own message). */
  protected fail(
    error: unknown,
    action: string,
    explain?: (error: SessionsApiError) => { text: string; actions?: TemplateResult | typeof nothing },
  ): SessionsApiError {
    const apiError = toApiError(error);
    const shown = explain?.(apiError) ?? { text: this.t.errors[apiError.code] ?? apiError.message };
    this.announcement = '';
    this.problem = { error: apiError, ...shown };
    this.dispatchEvent(
      sessionsEvent('sessions-error', {
        code: apiError.code,
        message: apiError.message,
        details: apiError.details,
        status: apiError.status,
        action,
      }),
    );
    return apiError;
  }

  protected emitBooked(detail: SessionsBookedDetail): void {
    this.dispatchEvent(sessionsEvent('sessions-booked', detail));
  }

  protected emitCancelled(detail: SessionsCancelledDetail): void {
    this.dispatchEvent(sessionsEvent('sessions-cancelled', detail));
  }

  /** Move focus to an element of the shadow root once it has rendered (a step's heading, a panel). */
  protected async focusPart(selector: string): Promise<void> {
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
    target?.focus();
  }

  /** The live region and the alert region: always in the DOM, so assistive technology hears what changes in them. */
  protected renderLiveRegions(): TemplateResult {
    const problem = this.problem;
    return html`
      <div part="status" class="status ${this.announcement ? (this.announcementQuiet ? 'visually-hidden' : 'shown') : ''}" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      <div part="error" class="error ${problem ? 'shown' : ''}" role="alert" aria-atomic="true">${
        problem ? html`<p class="error-text">${problem.text}</p>${problem.actions ?? nothing}` : nothing
      }</div>
    `;
  }

  /**
   * A heading at `level` (the element's `heading-level` for its top headings,
   * one below for sub-headings), focusable by script so a step change can move
   * focus to it.
   */
  protected heading(
    level: number,
    text: unknown,
    options: { id?: string; part?: string; className?: string; focusable?: boolean } = {},
  ): TemplateResult {
    return html`<div
      role="heading"
      aria-level=${Math.min(Math.max(Math.round(level) || 2, 1), 6)}
      id=${options.id ?? nothing}
      part=${options.part ?? 'heading'}
      class=${options.className ?? 'heading'}
      tabindex=${options.focusable ? '-1' : nothing}
    >${text}</div>`;
  }

  /** What an element shows with neither `api` nor `client`. */
  protected renderNotConnected(): TemplateResult {
    return html`<p part="message" class="message">${this.t.notConnected}</p>`;
  }
}
