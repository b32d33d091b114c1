import { initialState, Task } from '@lit/task';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SessionsApiError } from '../../client/error.js';
import type {
  BlockView,
  PublicPractitioner,
  PublicSettings,
  ScheduleResult,
  Service,
  SessionsClient,
  SessionView,
  Slot,
} from '../../client/types.js';
import { addDays, dayIn, formatDateTime, todayIn, zonedDateTime } from '../../format/dates.js';
import { PageChanges } from '../../internal/page-changes.js';
import { idempotencyKey, SessionsElement } from '../../internal/sessions-element.js';
import { CancelFlow } from './cancel-flow.js';

export type BookingStep = 'service' | 'practitioner' | 'time' | 'confirm' | 'done';

export interface Catalog {
  readonly settings: PublicSettings | null;
  readonly services: readonly Service[];
  readonly practitioners: readonly PublicPractitioner[];
}

type SlotArgs = readonly [SessionsClient | undefined, string | undefined, string | undefined, string, number, string];

const byStart = (a: SessionView, b: SessionView) =>
  a.session.startsAt < b.session.startsAt ? -1 : a.session.startsAt > b.session.startsAt ? 1 : 0;

/**
 * The state and actions of `<sessions-booking>`: what is loaded (tasks), what
 * the visitor has chosen, and what each button does. The element renders it.
 */
export abstract class BookingFlow extends SessionsElement {
  /** Start with this service chosen (its step is skipped). */
  @property({ attribute: 'service-id', reflect: true }) serviceId?: string;

  /** Start with this practitioner chosen (their step is skipped). */
  @property({ attribute: 'practitioner-id', reflect: true }) practitionerId?: string;

  /** How many days of free times to show at once (1–93). */
  @property({ type: Number }) days = 14;

  /** Where to buy a package: offered when the visitor has no credit left or their package expired. */
  @property({ attribute: 'buy-url', reflect: true }) buyUrl?: string;

  /** Leave out the list of upcoming sessions. */
  @property({ type: Boolean, attribute: 'hide-upcoming', reflect: true }) hideUpcoming = false;

  @state() protected step: BookingStep = 'service';
  @state() protected chosenService?: string;
  @state() protected chosenPractitioner?: string;
  @state() protected windowStart?: string;
  @state() protected day?: string;
  @state() protected chosenSlot?: Slot;
  @state() protected note = '';
  @state() protected busy = false;
  @state() protected result?: ScheduleResult;
  @state() private refreshKey = 0;
  private bookingKey = '';

  protected readonly cancelFlow = new CancelFlow(this, {
    client: () => this.sessionsClient,
    messages: () => this.t,
    heading: (text, id) => this.heading(this.headingLevel + 1, text, { id, className: 'subheading', focusable: true }),
    fail: (error, action) => this.fail(error, action),
    cancelled: (sessionId, result, summary) => {
      this.refreshKey++;
      this.announce(this.t.cancelled(summary));
      const wasDone = this.step === 'done' && this.result?.session.id === sessionId;
      if (wasDone) this.startAgain(false);
      this.emitCancelled({ kind: 'session', sessionId, result });
      void this.focusPart(wasDone || this.hideUpcoming ? '#step-heading' : '#upcoming-title');
    },
    focus: (selector) => this.focusPart(selector),
  });

  protected readonly catalog: Task<readonly [SessionsClient | undefined], Catalog> = new Task(this, {
    task: async ([client], { signal }): Promise<Catalog | typeof initialState> => {
      if (!client) return initialState;
      const [settings, services, practitioners] = await Promise.all([
        client.getSettings({ signal }).catch(() => null),
        client.listServices({ signal }),
        client.listPractitioners({ signal }),
      ]);
      return { settings, services, practitioners };
    },
    args: () => [this.sessionsClient] as const,
    onError: (error) => this.failToLoad(error, () => this.catalog.run()),
  });

  protected readonly slots: Task<SlotArgs, Slot[]> = new Task(this, {
    task: async (
      [client, serviceId, practitionerId, from, days, timeZone],
      { signal },
    ): Promise<Slot[] | typeof initialState> => {
      if (!client || !serviceId || !practitionerId) return initialState;
      return client.listSlots({ practitionerId, serviceId, from, to: addDays(from, days - 1), timeZone }, { signal });
    },
    args: () =>
      [
        this.sessionsClient,
        this.step === 'service' || this.step === 'practitioner' ? undefined : this.chosenService,
        this.chosenPractitioner,
        this.windowFrom,
        this.windowDays,
        this.resolvedTimeZone,
      ] as SlotArgs,
    onComplete: (slots: Slot[]) => {
      if (!this.day || !slots.some((s) => this.dayOf(s) === this.day)) {
        this.day = slots[0] ? this.dayOf(slots[0]) : undefined;
      }
    },
    onError: (error) => this.failToLoad(error, () => this.slots.run()),
  });

  /** The client's blocks, closed ones included: which will pay, or that one expired. Never fails the element. */
  protected readonly blocks = new Task(this, {
    task: async ([client], { signal }): Promise<BlockView[] | null | typeof initialState> =>
      client ? client.listBlocks({ includeClosed: true }, { signal }).catch(() => null) : initialState,
    args: () => [this.sessionsClient, this.refreshKey] as const,
  });

  /** The visitor's scheduled sessions from now on; null when they cannot be read (not signed in). */
  protected readonly upcoming = new Task(this, {
    task: async ([client, hidden], { signal }): Promise<SessionView[] | null | typeof initialState> => {
      if (!client || hidden) return initialState;
      const sessions = await client.listSessions({ from: new Date().toISOString() }, { signal }).catch(() => null);
      if (!sessions) return null;
      return sessions
        .filter(
          (s) => s.session.status === 'scheduled' && s.attendances.some((a) => a.attendance.status === 'scheduled'),
        )
        .sort(byStart);
    },
    args: () => [this.sessionsClient, this.hideUpcoming, this.refreshKey] as const,
  });

  /** Bookings and cancellations made elsewhere on the page: read the slots and sessions again. */
  protected readonly pageChanges = new PageChanges(this, () => {
    this.refreshKey++;
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('serviceId') || changed.has('practitionerId')) {
      this.chosenService = this.serviceId || undefined;
      this.chosenPractitioner = this.practitionerId || undefined;
      this.chosenSlot = undefined;
      this.step = this.firstStep;
    }
  }

  protected get windowDays(): number {
    return Math.min(Math.max(Math.round(this.days) || 14, 1), 93);
  }

  protected get today(): string {
    return todayIn(this.resolvedTimeZone);
  }

  /** The first day of free times shown: never before today. */
  protected get windowFrom(): string {
    return this.windowStart && this.windowStart > this.today ? this.windowStart : this.today;
  }

  /** The day a slot is on, on the visitor's calendar: its start carries their offset. */
  protected dayOf(slot: Slot): string {
    return /^\d{4}-\d{2}-\d{2}T/.test(slot.start)
      ? slot.start.slice(0, 10)
      : dayIn(slot.startsAt, this.resolvedTimeZone);
  }

  private get firstStep(): BookingStep {
    if (!this.chosenService) return 'service';
    return this.chosenPractitioner ? 'time' : 'practitioner';
  }

  protected get service(): Service | undefined {
    return this.catalog.value?.services.find((s) => s.id === this.chosenService);
  }

  protected get practitioner(): PublicPractitioner | undefined {
    return this.catalog.value?.practitioners.find((p) => p.id === this.chosenPractitioner);
  }

  /** Clients may cancel here when the practice allows it (settings unknown: offer it, the server decides). */
  protected get mayCancel(): boolean {
    return this.catalog.value?.settings?.cancellation.clientsMayCancel ?? true;
  }

  /** The zone the session is booked in: the practitioner's, else the practice's, else the visitor's. */
  private get bookingZone(): string {
    return this.practitioner?.timeZone ?? this.catalog.value?.settings?.timeZone ?? this.resolvedTimeZone;
  }

  /** The chosen slot's day on the practice's calendar (what a package's expiry date is compared with). */
  protected get practiceDay(): string | undefined {
    const zone = this.catalog.value?.settings?.timeZone ?? this.resolvedTimeZone;
    return this.chosenSlot ? dayIn(this.chosenSlot.startsAt, zone) : undefined;
  }

  protected price(minor: number): string {
    return this.money(minor, this.catalog.value?.settings?.currency);
  }

  protected when(instant: string): string {
    return formatDateTime(instant, this.resolvedLocale, this.resolvedTimeZone);
  }

  protected go(step: BookingStep, focus = true): void {
    this.step = step;
    this.problem = null;
    if (focus) void this.focusPart('#step-heading');
  }

  protected chooseService(id: string): void {
    this.chosenService = id;
    this.chosenSlot = undefined;
    this.go(this.chosenPractitioner && this.practitionerId ? 'time' : 'practitioner');
  }

  protected choosePractitioner(id: string): void {
    this.chosenPractitioner = id;
    this.chosenSlot = undefined;
    this.go('time');
  }

  /** The step before this one that the visitor chose themself (preset ones are skipped); none: no Back. */
  protected get previousStep(): BookingStep | undefined {
    const order: BookingStep[] = ['service', 'practitioner', 'time', 'confirm'];
    for (let i = order.indexOf(this.step) - 1; i >= 0; i--) {
      const step = order[i];
      if (step === 'practitioner' && this.practitionerId) continue;
      if (step === 'service' && this.serviceId) continue;
      return step;
    }
    return undefined;
  }

  protected back(): void {
    const target = this.previousStep;
    if (target) this.go(target);
  }

  protected shiftWindow(direction: 1 | -1): void {
    if (direction < 0 && this.windowFrom <= this.today) return;
    const next = addDays(this.windowFrom, direction * this.windowDays);
    // Never before today (days are ISO strings: they compare as text).
    this.windowStart = next.localeCompare(this.today) < 0 ? this.today : next;
    this.day = undefined;
  }

  protected chooseSlot(slot: Slot): void {
    this.chosenSlot = slot;
    this.bookingKey = idempotencyKey();
    this.go('confirm');
  }

  protected async book(): Promise<void> {
    const client = this.sessionsClient;
    const { chosenSlot: slot, chosenService: serviceId, chosenPractitioner: practitionerId } = this;
    if (this.busy || !client || !slot || !serviceId || !practitionerId) return;
    this.busy = true;
    this.problem = null;
    try {
      const note = this.note.trim();
      const start = zonedDateTime(slot.startsAt, this.bookingZone);
      const result = await client.book(
        { practitionerId, serviceId, start, ...(note ? { publicNote: note } : {}) },
        { idempotencyKey: this.bookingKey },
      );
      this.result = result;
      this.note = '';
      this.refreshKey++;
      this.go('done');
      this.announce(`${this.t.booked(this.when(result.session.startsAt))} ${this.linkedText(result)}`.trim(), {
        quiet: true,
      });
      this.emitBooked({ kind: 'session', result });
    } catch (error) {
      this.fail(error, 'book', (e) => this.explainBookingError(e));
    } finally {
      this.busy = false;
    }
  }

  /** Which package pays for the booked session ("This is session 3 of 10 of …"), or why none does. */
  protected linkedText(result: ScheduleResult): string {
    const link = result.linking[0];
    const place = result.attendances[0]?.block;
    if (!link || link.how === 'none' || !link.blockName) return link?.reason ?? this.t.noBlock;
    return this.t.linked(link.blockName, place?.sessionNumber ?? null, place?.of ?? null);
  }

  /** Book again, from the first step that is not preset. */
  protected startAgain(focus = true): void {
    this.result = undefined;
    this.chosenSlot = undefined;
    if (!this.serviceId) this.chosenService = undefined;
    if (!this.practitionerId) this.chosenPractitioner = undefined;
    this.go(this.firstStep, focus);
  }

  protected chooseAnotherTime(): void {
    this.chosenSlot = undefined;
    this.go('time');
    void this.slots.run();
  }

  protected openCancel(sessionId: string, place: string, event: Event): void {
    const view = this.upcoming.value?.find((s) => s.session.id === sessionId);
    const startsAt = view?.session.startsAt ?? this.result?.session.startsAt;
    void this.cancelFlow.open(
      sessionId,
      startsAt ? this.when(startsAt) : '',
      place,
      event.currentTarget as HTMLElement,
    );
  }

  protected buyLink(): TemplateResult | typeof nothing {
    return this.buyUrl
      ? html`<a part="buy-link" class="button primary" href=${this.buyUrl}>${this.t.buyPackage}</a>`
      : nothing;
  }

  private explainBookingError(error: SessionsApiError): { text: string; actions?: TemplateResult } {
    const text = this.t.errors[error.code] ?? error.message;
    const another = html`<button part="button" @click=${() => this.chooseAnotherTime()}>
      ${this.t.chooseAnotherTime}
    </button>`;
    switch (error.code) {
      case 'SLOT_TAKEN':
      case 'SLOT_UNAVAILABLE':
        return { text, actions: html`<div class="row">${another}</div>` };
      case 'INSUFFICIENT_CREDIT':
      case 'BLOCK_EXPIRED':
      case 'BLOCK_NOT_ACTIVE':
        // Another time would not help: a package would (the message says to ask the practice otherwise).
        return { text, actions: html`<div class="row">${this.buyLink()}</div>` };
      case 'NOT_COVERED':
        return {
          text,
          actions: html`<div class="row">
            ${this.buyLink()}
            <button part="button" @click=${() => this.startAgain()}>${this.t.chooseAnotherService}</button>
          </div>`,
        };
      default:
        return { text };
    }
  }

  private failToLoad(error: unknown, retry: () => unknown): void {
    this.fail(error, 'load', (e) => ({
      text: this.t.errors[e.code] ?? e.message,
      actions: html`<div class="row"><button part="button" @click=${retry}>${this.t.retry}</button></div>`,
    }));
  }
}
