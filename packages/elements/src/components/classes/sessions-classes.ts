import { initialState, Task } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ClassView, PublicPractitioner } from '../../client/types.js';
import { formatShortDateTime } from '../../format/dates.js';
import { baseStyles } from '../../internal/base.styles.js';
import { idempotencyKey, SessionsElement } from '../../internal/sessions-element.js';
import { classesStyles } from './sessions-classes.styles.js';

interface ClassList {
  readonly classes: readonly ClassView[];
  readonly practitioners: readonly PublicPractitioner[];
}

type Details = ClassView | 'loading';

/**
 * The practice's public list of classes: what each is, who leads it, what it
 * costs, places left, and its dates (only the sessions the practice flags for
 * display). "Details" shows every session of the class. The visitor joins
 * (or joins the waitlist when it is full) and drops out, after confirming.
 *
 * @summary Classes open for booking: details, join and drop out.
 *
 * @tagname sessions-classes
 *
 * @fires sessions-booked - A class was joined (or its waitlist). `detail`: `{ kind: 'class', classId, result: EnrolResult }`.
 * @fires sessions-cancelled - The visitor dropped out. `detail`: `{ kind: 'class', classId, result: DropResult }`.
 * @fires sessions-error - A call to the practice failed. `detail`: `{ code, message, details, status, action }`.
 *
 * @csspart base - The wrapper around everything.
 * @csspart class - One class (a card).
 * @csspart name - A class's name (a heading).
 * @csspart badge - Enrolled, waitlisted or full.
 * @csspart description - The class's description.
 * @csspart price - Price per session and in all.
 * @csspart seats - Places left.
 * @csspart session-list - The class's dates (flagged for display) or, in the details, every session.
 * @csspart session - One date.
 * @csspart details - Every session of the class, shown with "Details".
 * @csspart button - Every button.
 * @csspart details-button - The Details toggle.
 * @csspart join-button - Join, or join the waitlist.
 * @csspart drop-button - Drop out, or leave the waitlist.
 * @csspart drop-panel - The confirmation before dropping out.
 * @csspart message - Loading, empty and not-connected messages.
 * @csspart status - The live region announcing results.
 * @csspart error - The alert region: what went wrong.
 *
 * @cssproperty --sessions-font-family - Font of the element. Default: inherited.
 * @cssproperty --sessions-font-size - Base font size. Default: 1rem.
 * @cssproperty --sessions-color-text - Text colour.
 * @cssproperty --sessions-color-muted - Secondary text colour.
 * @cssproperty --sessions-color-surface - Background of cards and buttons.
 * @cssproperty --sessions-color-border - Borders.
 * @cssproperty --sessions-color-accent - Accent: primary buttons.
 * @cssproperty --sessions-color-on-accent - Text on the accent colour.
 * @cssproperty --sessions-color-success - Enrolled.
 * @cssproperty --sessions-color-warning - Waitlisted, nearly full.
 * @cssproperty --sessions-color-danger - Errors, full, and the drop button.
 * @cssproperty --sessions-radius - Corner radius of cards and buttons.
 * @cssproperty --sessions-gap - Spacing unit.
 * @cssproperty --sessions-focus-ring - Outline of the focused control.
 */
export class SessionsClasses extends SessionsElement {
  static override styles = [baseStyles, classesStyles];

  /** Show only this class, with every session. */
  @property({ attribute: 'class-id', reflect: true }) classId?: string;

  @state() private details = new Map<string, Details>();
  @state() private busyClass: string | null = null;
  @state() private dropping: string | null = null;

  private readonly list = new Task(this, {
    task: async ([client, classId], { signal }): Promise<ClassList | typeof initialState> => {
      if (!client) return initialState;
      const practitioners = client.listPractitioners({ signal }).catch((): PublicPractitioner[] => []);
      const classes = classId ? [await client.getClass(classId, { signal })] : await client.listClasses({ signal });
      return { classes, practitioners: await practitioners };
    },
    args: () => [this.sessionsClient, this.classId] as const,
    onError: (error) =>
      this.fail(error, 'load', (e) => ({
        text: this.t.errors[e.code] ?? e.message,
        actions: html`<div class="row"><button part="button" @click=${() => this.refresh()}>${this.t.retry}</button></div>`,
      })),
  });

  /** Load the classes again. */
  async refresh(): Promise<void> {
    if (!this.sessionsClient) return;
    await this.list.run();
    const open = [...this.details.keys()];
    await Promise.all(open.map((id) => this.loadDetails(id)));
  }

  private async loadDetails(classId: string): Promise<void> {
    const client = this.sessionsClient;
    if (!client) return;
    this.details = new Map(this.details).set(classId, this.details.get(classId) ?? 'loading');
    try {
      const view = await client.getClass(classId);
      this.details = new Map(this.details).set(classId, view);
    } catch (error) {
      const next = new Map(this.details);
      next.delete(classId);
      this.details = next;
      this.fail(error, 'load');
    }
  }

  private toggleDetails(classId: string): void {
    if (this.details.has(classId)) {
      const next = new Map(this.details);
      next.delete(classId);
      this.details = next;
    } else {
      void this.loadDetails(classId);
    }
  }

  private async join(view: ClassView): Promise<void> {
    const client = this.sessionsClient;
    if (!client || this.busyClass) return;
    this.busyClass = view.classId;
    this.problem = null;
    try {
      const result = await client.enrol(view.classId, {}, { idempotencyKey: idempotencyKey() });
      this.announce(
        result.status === 'enrolled'
          ? this.t.joined(view.name, result.sessions.length)
          : this.t.waitlistJoined(view.name, result.position),
      );
      this.emitBooked({ kind: 'class', classId: view.classId, result });
      await this.refresh();
    } catch (error) {
      this.fail(error, 'enrol');
    } finally {
      this.busyClass = null;
    }
  }

  private async openDrop(classId: string): Promise<void> {
    this.dropping = classId;
    this.problem = null;
    await this.focusPart('#drop-title');
  }

  private closeDrop(): void {
    const classId = this.dropping;
    this.dropping = null;
    if (classId) void this.focusPart(`#${CSS.escape(`drop-${classId}`)}`);
  }

  private async drop(view: ClassView): Promise<void> {
    const client = this.sessionsClient;
    if (!client || this.busyClass) return;
    this.busyClass = view.classId;
    try {
      const result = await client.drop(view.classId, { idempotencyKey: idempotencyKey() });
      this.dropping = null;
      this.announce(this.t.dropped(view.name));
      this.emitCancelled({ kind: 'class', classId: view.classId, result });
      await this.refresh();
      void this.focusPart(`#${CSS.escape(`name-${view.classId}`)}`);
    } catch (error) {
      this.fail(error, 'drop');
    } finally {
      this.busyClass = null;
    }
  }

  protected override render(): TemplateResult {
    return html`
      <div part="base" class="base">
        ${this.list.render({
          initial: () => (this.sessionsClient ? nothing : this.renderNotConnected()),
          pending: () =>
            this.list.value
              ? this.renderList(this.list.value)
              : html`<p part="message" class="message">${this.t.loading}</p>`,
          complete: (list) => this.renderList(list),
          error: () => nothing,
        })}
        ${this.renderLiveRegions()}
      </div>
    `;
  }

  private renderList(list: ClassList): TemplateResult {
    if (list.classes.length === 0) return html`<p part="message" class="message">${this.t.noClasses}</p>`;
    return html`<div class="list">${list.classes.map((view) => this.renderClass(view, list.practitioners))}</div>`;
  }

  private when(instant: string): string {
    return formatShortDateTime(instant, this.resolvedLocale, this.resolvedTimeZone);
  }

  private renderClass(view: ClassView, practitioners: readonly PublicPractitioner[]): TemplateResult {
    const id = view.classId;
    const enrolment = view.enrolments.find((e) => e.status !== 'dropped');
    const practitioner = practitioners.find((p) => p.id === view.practitionerId)?.name;
    // The public list carries only the sessions flagged for display; a single class (class-id) carries all.
    const shown = view.sessions.filter((s) => s.displayed && s.status !== 'cancelled');
    const details = this.details.get(id);
    const money = (m: { amount: number; currency: string }) => this.money(m.amount, m.currency);
    return html`
      <article part="class" class="card class" aria-labelledby=${`name-${id}`}>
        <div class="class-head">
          ${this.heading(this.headingLevel, view.name, { id: `name-${id}`, part: 'name', focusable: true })}
          ${this.renderBadge(view, enrolment?.status, enrolment?.waitlistNumber ?? null)}
        </div>
        ${view.description ? html`<p part="description" class="message">${view.description}</p>` : nothing}
        ${
          practitioner || view.location
            ? html`<p class="muted">${[practitioner, view.location].filter(Boolean).join(' · ')}</p>`
            : nothing
        }
        <p part="price" class="message">
          ${this.t.pricing(money(view.pricePerSession), money(view.total))} · ${this.t.sessions(view.sessionCount)}
        </p>
        <p part="seats" class="message">
          ${view.seatsLeft > 0 ? this.t.seats(view.seatsLeft, view.capacity) : this.t.full(view.waitlist)}
          ${view.open ? html` · <span class="muted">${this.t.joinBy(this.when(view.enrolmentDeadline))}</span>` : nothing}
        </p>
        ${
          shown.length > 0
            ? html`<div class="dates">
              ${this.heading(this.headingLevel + 1, this.t.upcomingSessions(shown.length, view.sessionCount), {
                className: 'subheading',
              })}
              <ul part="session-list" class="list compact">
                ${shown.map(
                  (s) => html`<li part="session"><time datetime=${s.startsAt}>${this.when(s.startsAt)}</time></li>`,
                )}
              </ul>
            </div>`
            : nothing
        }
        <div class="row">
          <button
            part="button details-button"
            aria-expanded=${details ? 'true' : 'false'}
            aria-controls=${`details-${id}`}
            @click=${() => this.toggleDetails(id)}
          >
            ${details ? this.t.hideDetails : this.t.details}
          </button>
          ${this.renderAction(view, enrolment?.status)}
        </div>
        <div id=${`details-${id}`} part="details" class="details" ?hidden=${!details}>
          ${details === 'loading' ? html`<p class="muted">${this.t.loading}</p>` : nothing}
          ${details && details !== 'loading' ? this.renderAllSessions(details) : nothing}
        </div>
        ${this.dropping === id ? this.renderDropPanel(view) : nothing}
      </article>
    `;
  }

  private renderBadge(view: ClassView, status: string | undefined, position: number | null): TemplateResult {
    if (status === 'enrolled') return html`<span part="badge" class="badge good">${this.t.enrolledBadge}</span>`;
    if (status === 'waitlisted')
      return html`<span part="badge" class="badge warn">${this.t.waitlistedBadge(position)}</span>`;
    if (view.seatsLeft <= 0) return html`<span part="badge" class="badge bad">${this.t.full(false)}</span>`;
    return html``;
  }

  private renderAction(view: ClassView, status: string | undefined): TemplateResult | typeof nothing {
    const busy = this.busyClass === view.classId ? 'true' : 'false';
    if (status === 'enrolled' || status === 'waitlisted') {
      return html`<button
        part="button drop-button"
        id=${`drop-${view.classId}`}
        class="danger"
        aria-expanded=${this.dropping === view.classId ? 'true' : 'false'}
        @click=${() => this.openDrop(view.classId)}
      >
        ${status === 'enrolled' ? this.t.drop : this.t.leaveWaitlist}
      </button>`;
    }
    if (!view.open) return nothing;
    return html`<button part="button join-button" class="primary" aria-disabled=${busy} @click=${() => this.join(view)}>
      ${view.seatsLeft > 0 ? this.t.join : this.t.joinWaitlist}
    </button>`;
  }

  private renderAllSessions(view: ClassView): TemplateResult {
    const sorted = [...view.sessions].sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0));
    return html`
      ${this.heading(this.headingLevel + 1, this.t.allSessions, { className: 'subheading' })}
      <ol part="session-list" class="list compact">
        ${sorted.map(
          (s) => html`<li part="session" class="session">
            <time datetime=${s.startsAt}>${this.when(s.startsAt)}</time>
            <span class="badge ${s.status === 'cancelled' ? 'bad' : ''}">${this.t.sessionStatus(s.status)}</span>
          </li>`,
        )}
      </ol>
    `;
  }

  private renderDropPanel(view: ClassView): TemplateResult {
    return html`
      <div
        part="drop-panel"
        class="card"
        role="group"
        aria-labelledby="drop-title"
        aria-describedby="drop-text"
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Escape') this.closeDrop();
        }}
      >
        ${this.heading(this.headingLevel + 1, this.t.dropTitle, { id: 'drop-title', className: 'subheading', focusable: true })}
        <p id="drop-text" class="message">${this.t.dropText}</p>
        <div class="row">
          <button
            part="button"
            class="danger"
            aria-disabled=${this.busyClass === view.classId ? 'true' : 'false'}
            @click=${() => this.drop(view)}
          >
            ${this.t.confirmDrop}
          </button>
          <button part="button" @click=${() => this.closeDrop()}>${this.t.stay}</button>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sessions-classes': SessionsClasses;
  }
}
