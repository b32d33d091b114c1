import { html, nothing, type TemplateResult } from 'lit';
import type { Service, Slot } from '../../client/types.js';
import { addDays, formatDay, formatDayOfInstant, formatTime, formatZoneName } from '../../format/dates.js';
import { formatMinutes } from '../../format/numbers.js';
import { baseStyles } from '../../internal/base.styles.js';
import { BookingFlow, type BookingStep, type Catalog } from './booking-flow.js';
import { previewPayment } from './payment-preview.js';
import { bookingStyles } from './sessions-booking.styles.js';
import { renderUpcoming } from './upcoming.js';

const STEPS: readonly Exclude<BookingStep, 'done'>[] = ['service', 'practitioner', 'time', 'confirm'];

/**
 * Booking a session: the visitor picks a service, a practitioner, a day and a
 * free time (shown in their own time zone), checks and books. Their package is
 * linked automatically, and the confirm step says which will pay. When booking
 * fails — no credit left, an expired package, a time someone else just took —
 * the element says so plainly and offers the way forward. Below, the visitor's
 * upcoming sessions, each cancellable after the policy's preview ("Cancelling
 * now uses 1 credit: …").
 *
 * @summary Book a session, and cancel upcoming ones.
 *
 * @tagname sessions-booking
 *
 * @fires sessions-booked - A session was booked. `detail`: `{ kind: 'session', result: ScheduleResult }`.
 * @fires sessions-cancelled - A session was cancelled. `detail`: `{ kind: 'session', sessionId, result: CancelResult }`.
 * @fires sessions-error - A call to the practice failed. `detail`: `{ code, message, details, status, action }`.
 *
 * @csspart base - The wrapper around everything.
 * @csspart steps - The list of steps (Service, Practitioner, Time, Confirm).
 * @csspart step - One entry of the list of steps; the current one has `aria-current="step"`.
 * @csspart heading - A heading; a step's heading is focused when the step changes.
 * @csspart choice - A service or practitioner to choose.
 * @csspart window - The row paging through days (earlier, later).
 * @csspart day - A day with free times.
 * @csspart slot - A free time.
 * @csspart summary - The booking being confirmed.
 * @csspart payment-note - Which package will pay, or why none will.
 * @csspart note - The note for the practitioner.
 * @csspart button - Every button.
 * @csspart book-button - The Book button.
 * @csspart buy-link - The link to buy a package (with `buy-url`).
 * @csspart upcoming - The upcoming sessions.
 * @csspart upcoming-item - One upcoming session.
 * @csspart cancel-button - A session's Cancel button.
 * @csspart cancel-panel - The cancellation preview awaiting confirmation.
 * @csspart cancel-summary - The policy's one-line summary of what cancelling does.
 * @csspart confirm-cancel-button - The button that cancels.
 * @csspart message - Loading, empty and not-connected messages.
 * @csspart status - The live region announcing results.
 * @csspart error - The alert region: what went wrong, and what to do next.
 *
 * @cssproperty --sessions-font-family - Font of the element. Default: inherited.
 * @cssproperty --sessions-font-size - Base font size. Default: 1rem.
 * @cssproperty --sessions-color-text - Text colour.
 * @cssproperty --sessions-color-muted - Secondary text colour.
 * @cssproperty --sessions-color-surface - Background of cards and buttons.
 * @cssproperty --sessions-color-border - Borders.
 * @cssproperty --sessions-color-accent - Accent: primary buttons, selected choices, the current step.
 * @cssproperty --sessions-color-on-accent - Text on the accent colour.
 * @cssproperty --sessions-color-success - Good news: booked.
 * @cssproperty --sessions-color-warning - Needs attention: an expired package.
 * @cssproperty --sessions-color-danger - Errors and the cancel buttons.
 * @cssproperty --sessions-radius - Corner radius of cards and buttons.
 * @cssproperty --sessions-gap - Spacing unit.
 * @cssproperty --sessions-focus-ring - Outline of the focused control.
 * @cssproperty --sessions-slot-min-width - Narrowest a time button gets. Default: 5.5rem.
 */
export class SessionsBooking extends BookingFlow {
  static override styles = [baseStyles, bookingStyles];

  protected override render(): TemplateResult {
    if (!this.sessionsClient) return html`<div part="base" class="base">${this.renderNotConnected()}</div>`;
    return html`
      <div part="base" class="base">
        <section class="booking" aria-labelledby="step-heading">
          ${this.step === 'done' ? nothing : this.renderSteps()}
          ${this.catalog.render({
            pending: () => html`<p part="message" class="message">${this.t.loading}</p>`,
            complete: (catalog) => this.renderStep(catalog),
            error: () => nothing,
          })}
        </section>
        ${this.renderLiveRegions()} ${this.renderUpcoming()}
      </div>
    `;
  }

  private renderSteps(): TemplateResult {
    const current = STEPS.indexOf(this.step as (typeof STEPS)[number]);
    return html`<ol part="steps" class="steps">
      ${STEPS.map(
        (step, i) => html`<li
          part="step"
          class=${i < current ? 'step done' : i === current ? 'step current' : 'step'}
          aria-current=${i === current ? 'step' : nothing}
        >
          ${this.t.steps[step]}
        </li>`,
      )}
    </ol>`;
  }

  private renderStep(catalog: Catalog): TemplateResult {
    switch (this.step) {
      case 'service':
        return this.renderServices(catalog.services);
      case 'practitioner':
        return this.renderPractitioners(catalog);
      case 'time':
        return this.renderTimes();
      case 'confirm':
        return this.renderConfirm();
      case 'done':
        return this.renderDone();
    }
  }

  private renderBack(): TemplateResult | typeof nothing {
    return this.previousStep
      ? html`<div class="row"><button part="button" class="back" @click=${() => this.back()}>${this.t.back}</button></div>`
      : nothing;
  }

  private serviceMeta(service: Service): string {
    return `${formatMinutes(service.durationMinutes, this.resolvedLocale)} · ${this.price(service.price)}`;
  }

  private renderServices(services: readonly Service[]): TemplateResult {
    return html`
      ${this.heading(this.headingLevel, this.t.chooseService, { id: 'step-heading', focusable: true })}
      <ul class="list choices" aria-labelledby="step-heading">
        ${services.map(
          (service) => html`<li>
            <button
              part="choice"
              class="choice"
              aria-pressed=${service.id === this.chosenService ? 'true' : 'false'}
              @click=${() => this.chooseService(service.id)}
            >
              <span class="choice-title">${service.name}</span>
              <span class="choice-meta">${this.serviceMeta(service)}</span>
            </button>
          </li>`,
        )}
      </ul>
    `;
  }

  private renderPractitioners(catalog: Catalog): TemplateResult {
    return html`
      ${this.heading(this.headingLevel, this.t.choosePractitioner, { id: 'step-heading', focusable: true })}
      ${this.service ? html`<p class="muted">${this.service.name}</p>` : nothing}
      <ul class="list choices" aria-labelledby="step-heading">
        ${catalog.practitioners.map(
          (practitioner) => html`<li>
            <button
              part="choice"
              class="choice"
              aria-pressed=${practitioner.id === this.chosenPractitioner ? 'true' : 'false'}
              @click=${() => this.choosePractitioner(practitioner.id)}
            >
              <span class="choice-title">${practitioner.name}</span>
            </button>
          </li>`,
        )}
      </ul>
      ${this.renderBack()}
    `;
  }

  private renderTimes(): TemplateResult {
    const locale = this.resolvedLocale;
    const zone = this.resolvedTimeZone;
    const from = this.windowFrom;
    const to = addDays(from, this.windowDays - 1);
    const range = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).formatRange(
      new Date(`${from}T00:00:00Z`),
      new Date(`${to}T00:00:00Z`),
    );
    const atStart = from <= this.today;
    return html`
      ${this.heading(this.headingLevel, this.t.chooseTime, { id: 'step-heading', focusable: true })}
      <p class="muted">
        ${[this.service?.name, this.practitioner?.name].filter(Boolean).join(' · ')}<br />
        ${this.t.timesShownIn(formatZoneName(zone, locale))}
      </p>
      <div part="window" class="row window">
        <button
          part="button"
          aria-disabled=${atStart ? 'true' : 'false'}
          @click=${() => this.shiftWindow(-1)}
        >
          ${this.t.earlier}
        </button>
        <span class="range" aria-live="polite">${range}</span>
        <button part="button" @click=${() => this.shiftWindow(1)}>${this.t.later}</button>
      </div>
      ${this.slots.render({
        pending: () => html`<p part="message" class="message">${this.t.loading}</p>`,
        complete: (slots) => this.renderSlots(slots),
        error: () => nothing,
      })}
      ${this.renderBack()}
    `;
  }

  private renderSlots(slots: readonly Slot[]): TemplateResult {
    if (slots.length === 0) return html`<p part="message" class="message">${this.t.noSlots}</p>`;
    const locale = this.resolvedLocale;
    const zone = this.resolvedTimeZone;
    const days = new Map<string, Slot[]>();
    for (const slot of slots) {
      const day = this.dayOf(slot);
      days.set(day, [...(days.get(day) ?? []), slot]);
    }
    const chosen = this.day && days.has(this.day) ? this.day : [...days.keys()][0];
    const daySlots = chosen ? (days.get(chosen) ?? []) : [];
    const dayLabel = daySlots[0] ? formatDayOfInstant(daySlots[0].startsAt, locale, zone) : '';
    return html`
      ${this.heading(this.headingLevel + 1, this.t.pickDay, { id: 'days-title', className: 'subheading' })}
      <div class="days" role="group" aria-labelledby="days-title">
        ${[...days].map(
          ([day, list]) => html`<button
            part="day"
            class="choice day"
            aria-pressed=${day === chosen ? 'true' : 'false'}
            @click=${() => {
              this.day = day;
            }}
          >
            ${list[0] ? formatDayOfInstant(list[0].startsAt, locale, zone) : formatDay(day, locale, 'medium')}
          </button>`,
        )}
      </div>
      ${this.heading(this.headingLevel + 1, `${this.t.pickTime}: ${dayLabel}`, {
        id: 'slots-title',
        className: 'subheading',
      })}
      <div class="slots" role="group" aria-labelledby="slots-title">
        ${daySlots.map(
          (slot) => html`<button part="slot" class="choice slot" @click=${() => this.chooseSlot(slot)}>
            <time datetime=${slot.start}>${formatTime(slot.startsAt, locale, zone)}</time>
          </button>`,
        )}
      </div>
    `;
  }

  private renderConfirm(): TemplateResult {
    const slot = this.chosenSlot;
    const service = this.service;
    return html`
      ${this.heading(this.headingLevel, this.t.confirmTitle, { id: 'step-heading', focusable: true })}
      <dl part="summary" class="summary">
        <dt>${this.t.service}</dt>
        <dd>${service ? `${service.name} (${formatMinutes(service.durationMinutes, this.resolvedLocale)})` : ''}</dd>
        <dt>${this.t.practitioner}</dt>
        <dd>${this.practitioner?.name ?? ''}</dd>
        <dt>${this.t.when}</dt>
        <dd>
          ${slot ? html`<time datetime=${slot.start}>${this.when(slot.startsAt)}</time>` : nothing}
          <span class="muted">(${formatZoneName(this.resolvedTimeZone, this.resolvedLocale)})</span>
        </dd>
        ${service ? html`<dt>${this.t.price}</dt><dd>${this.price(service.price)}</dd>` : nothing}
      </dl>
      ${this.renderPaymentNote()}
      <label class="note-label" for="note">${this.t.note}</label>
      <textarea
        id="note"
        part="note"
        maxlength="2000"
        rows="2"
        .value=${this.note}
        @input=${(e: Event) => {
          this.note = (e.target as HTMLTextAreaElement).value;
        }}
      ></textarea>
      <div class="row">
        <button
          part="button book-button"
          class="primary"
          aria-disabled=${this.busy ? 'true' : 'false'}
          @click=${() => this.book()}
        >
          ${this.busy ? this.t.booking : this.t.book}
        </button>
        ${this.previousStep ? html`<button part="button" @click=${() => this.back()}>${this.t.back}</button>` : nothing}
      </div>
    `;
  }

  private renderPaymentNote(): TemplateResult | typeof nothing {
    const blocks = this.blocks.value;
    const day = this.practiceDay;
    if (!blocks || !day || !this.chosenService || !this.chosenPractitioner) return nothing;
    const preview = previewPayment(blocks, {
      serviceId: this.chosenService,
      practitionerId: this.chosenPractitioner,
      day,
    });
    switch (preview.kind) {
      case 'block': {
        const { block, balance } = preview.view;
        return html`<p part="payment-note" class="muted">
          ${this.t.paysWith(block.name, balance.remaining, block.unitKind)}
        </p>`;
      }
      case 'expired': {
        const { block } = preview.view;
        const day = block.expiresOn ? formatDay(block.expiresOn, this.resolvedLocale) : '';
        return html`<div part="payment-note" class="notice">
          <p class="message">${this.t.expiredBlock(block.name, day)}</p>
          ${this.buyLink()}
        </div>`;
      }
      case 'none':
        return html`<p part="payment-note" class="muted">${this.t.noBlock}</p>`;
    }
  }

  private renderDone(): TemplateResult {
    const result = this.result;
    if (!result) return html``;
    const sessionId = result.session.id;
    return html`
      ${this.heading(this.headingLevel, this.t.doneTitle, { id: 'step-heading', focusable: true, className: 'heading done' })}
      <p class="message">${this.t.booked(this.when(result.session.startsAt))}</p>
      <p class="muted">${this.linkedText(result)}</p>
      <div class="row">
        <button part="button" class="primary" @click=${() => this.startAgain()}>${this.t.bookAnother}</button>
        ${
          this.mayCancel
            ? html`<button
              part="button cancel-button"
              class="danger"
              aria-expanded=${this.cancelFlow.isOpen(sessionId, 'done') ? 'true' : 'false'}
              @click=${(e: Event) => this.openCancel(sessionId, 'done', e)}
            >
              ${this.t.cancel}
            </button>`
            : nothing
        }
      </div>
      ${this.cancelFlow.render(sessionId, 'done')}
    `;
  }

  private renderUpcoming(): TemplateResult | typeof nothing {
    const sessions = this.upcoming.value;
    if (this.hideUpcoming || !sessions) return nothing;
    return renderUpcoming({
      sessions,
      catalog: this.catalog.value,
      locale: this.resolvedLocale,
      timeZone: this.resolvedTimeZone,
      t: this.t,
      heading: this.heading(this.headingLevel, this.t.upcoming, { id: 'upcoming-title', focusable: true }),
      mayCancel: this.mayCancel,
      cancelFlow: this.cancelFlow,
      onCancel: (sessionId, event) => this.openCancel(sessionId, 'upcoming', event),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sessions-booking': SessionsBooking;
  }
}
