import { initialState, Task, TaskStatus } from '@lit/task';
import type { UnitKind } from '@sessions/core';
import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { BlockDetail, Reminder, SessionView } from '../../client/types.js';
import { dayIn, formatDay, formatRelativeDays, formatShortDateTime } from '../../format/dates.js';
import { formatCount } from '../../format/numbers.js';
import { baseStyles } from '../../internal/base.styles.js';
import { PageChanges } from '../../internal/page-changes.js';
import { SessionsElement } from '../../internal/sessions-element.js';
import { packageStyles } from './sessions-package.styles.js';

interface PackageData {
  readonly blocks: readonly BlockDetail[];
  readonly reminders: readonly Reminder[];
}

const STATUS_TONE: Record<string, string> = {
  active: 'good',
  draft: 'warn',
  pending: 'warn',
  completed: '',
  cancelled: 'bad',
  expired: 'bad',
};

/**
 * The signed-in client's packages (prepaid blocks of sessions): for each, its
 * name, what remains of it (a progress ring), its status and payment, its
 * expiry, a notice when it runs low or is about to expire, and its history —
 * every session ticked off against it ("Session 3 of 10"), with date and status.
 *
 * Reloads by itself when a `<sessions-booking>` or `<sessions-classes>` on the
 * page books or cancels.
 *
 * @summary A client's prepaid packages, their balance and history.
 *
 * @tagname sessions-package
 *
 * @fires sessions-error - A call to the practice failed. `detail`: `{ code, message, details, status, action }`.
 *
 * @csspart base - The wrapper around everything.
 * @csspart block - One package (a card).
 * @csspart name - A package's name (a heading).
 * @csspart ring - The progress ring: what remains of the package.
 * @csspart remaining - "7 of 10 sessions left".
 * @csspart badges - The row of badges.
 * @csspart badge - Each badge.
 * @csspart status-badge - The package's status (Active, Expired…).
 * @csspart payment-badge - Paid, part paid or unpaid.
 * @csspart expiry - When the package expires.
 * @csspart notice - A low-balance or expiry notice.
 * @csspart history - The history (a disclosure).
 * @csspart history-summary - The history's toggle.
 * @csspart history-item - One session in the history.
 * @csspart message - Loading, empty and not-connected messages.
 * @csspart status - The live region announcing results.
 * @csspart error - The alert region: what went wrong, and a retry.
 *
 * @cssproperty --sessions-font-family - Font of the element. Default: inherited.
 * @cssproperty --sessions-font-size - Base font size. Default: 1rem.
 * @cssproperty --sessions-color-text - Text colour.
 * @cssproperty --sessions-color-muted - Secondary text colour.
 * @cssproperty --sessions-color-surface - Background of cards and buttons.
 * @cssproperty --sessions-color-border - Borders.
 * @cssproperty --sessions-color-accent - Accent: primary buttons, selected choices, the ring.
 * @cssproperty --sessions-color-on-accent - Text on the accent colour.
 * @cssproperty --sessions-color-success - Good news: paid, active, booked.
 * @cssproperty --sessions-color-warning - Needs attention: low balance, part paid.
 * @cssproperty --sessions-color-danger - Errors, expired, cancelled.
 * @cssproperty --sessions-radius - Corner radius of cards and buttons.
 * @cssproperty --sessions-gap - Spacing unit.
 * @cssproperty --sessions-focus-ring - Outline of the focused control.
 * @cssproperty --sessions-ring-size - Diameter of the progress ring. Default: 4.5rem.
 * @cssproperty --sessions-ring-width - Stroke width of the ring (in a 36-unit box). Default: 3.5.
 * @cssproperty --sessions-ring-color - The ring's remaining part. Default: the accent colour.
 * @cssproperty --sessions-ring-track-color - The ring's used part.
 */
export class SessionsPackage extends SessionsElement {
  static override styles = [baseStyles, packageStyles];

  /** Show only this package. Default: every live package of the client. */
  @property({ attribute: 'block-id', reflect: true }) blockId?: string;

  /** Also show closed packages (used up, cancelled, expired). */
  @property({ type: Boolean, attribute: 'include-closed', reflect: true }) includeClosed = false;

  private readonly data = new Task(this, {
    task: async ([client, blockId, includeClosed], { signal }): Promise<PackageData | typeof initialState> => {
      if (!client) return initialState;
      const reminders = client.listReminders({ signal }).catch((): Reminder[] => []);
      const ids = blockId
        ? [blockId]
        : (await client.listBlocks({ includeClosed }, { signal })).map((view) => view.block.id);
      const blocks = await Promise.all(ids.map((id) => client.getBlock(id, { signal })));
      return { blocks, reminders: await reminders };
    },
    args: () => [this.sessionsClient, this.blockId, this.includeClosed] as const,
    onComplete: () => {
      this.problem = null;
    },
    onError: (error) => {
      this.fail(error, 'load', (e) => ({
        text: this.t.errors[e.code] ?? e.message,
        actions: html`<button part="button" @click=${() => this.refresh()}>${this.t.retry}</button>`,
      }));
    },
  });

  /** Bookings and cancellations made elsewhere on the page: load the packages again. */
  protected readonly pageChanges = new PageChanges(this, () => {
    void this.refresh();
  });

  /** Load the packages again (after a change made elsewhere on the page). */
  async refresh(): Promise<void> {
    if (!this.sessionsClient) return;
    await this.data.run();
  }

  protected override render(): TemplateResult {
    return html`
      <div part="base" class="base" aria-busy=${this.data.status === TaskStatus.PENDING ? 'true' : 'false'}>
        ${this.data.render({
          initial: () => (this.sessionsClient ? nothing : this.renderNotConnected()),
          pending: () =>
            this.data.value
              ? this.renderBlocks(this.data.value)
              : html`<p part="message" class="message">${this.t.loading}</p>`,
          complete: (data) => this.renderBlocks(data),
          error: () => nothing,
        })}
        ${this.renderLiveRegions()}
      </div>
    `;
  }

  private renderBlocks(data: PackageData): TemplateResult {
    if (data.blocks.length === 0) return html`<p part="message" class="message">${this.t.noBlocks}</p>`;
    return html`<div class="list">${data.blocks.map((b) => this.renderBlock(b, data.reminders))}</div>`;
  }

  private renderBlock(detail: BlockDetail, reminders: readonly Reminder[]): TemplateResult {
    const { block, balance } = detail;
    const locale = this.resolvedLocale;
    const nameId = `name-${block.id}`;
    const count = (n: number) => (block.unitKind === 'money' ? this.money(n, block.currency) : formatCount(n, locale));
    const remainingText = this.t.remaining(
      count(balance.remaining),
      count(balance.purchased),
      block.unitKind,
      balance.purchased,
    );
    const mine = reminders.filter((r) => 'blockId' in r && r.blockId === block.id);
    const low = mine.some((r) => r.type === 'low_balance' || r.type === 'last_unit_used');
    return html`
      <article part="block" class="card block" aria-labelledby=${nameId}>
        <div class="block-top">
          ${this.renderRing(balance.remaining, balance.purchased, nameId, remainingText, low, count(balance.remaining))}
          <div class="row-stack">
            ${this.heading(this.headingLevel, block.name, { id: nameId, part: 'name' })}
            <p part="remaining">${remainingText}</p>
            <div part="badges" class="row">
              <span part="badge status-badge" class="badge ${STATUS_TONE[block.status] ?? ''}"
                >${this.t.blockStatus(block.status)}</span
              >
              ${this.renderPayment(detail)}
            </div>
            <p part="expiry" class="muted">${this.expiryText(detail)}</p>
          </div>
        </div>
        ${mine.map((r) => this.renderNotice(r, block.unitKind))}
        ${this.renderHistory(detail)}
      </article>
    `;
  }

  private renderRing(
    remaining: number,
    purchased: number,
    labelledBy: string,
    valueText: string,
    low: boolean,
    label: string,
  ): TemplateResult {
    const share = purchased > 0 ? Math.min(Math.max(remaining / purchased, 0), 1) * 100 : 0;
    return html`
      <div
        part="ring"
        class="ring ${low ? 'low' : ''}"
        role="meter"
        aria-labelledby=${labelledBy}
        aria-valuemin="0"
        aria-valuemax=${Math.max(purchased, remaining, 0)}
        aria-valuenow=${Math.max(remaining, 0)}
        aria-valuetext=${valueText}
      >
        <svg viewBox="0 0 36 36" aria-hidden="true" focusable="false">
          <circle class="track" cx="18" cy="18" r="15.9155"></circle>
          <circle
            class="value"
            cx="18"
            cy="18"
            r="15.9155"
            stroke-dasharray="${share} ${100 - share}"
            style=${share === 0 ? 'stroke: transparent' : ''}
          ></circle>
        </svg>
        <span class="ring-label" aria-hidden="true">${label}</span>
      </div>
    `;
  }

  private renderPayment({ block, balance }: BlockDetail): TemplateResult {
    const due = this.money(balance.unpaid.amount, balance.unpaid.currency);
    const [text, tone] =
      balance.unpaid.amount <= 0
        ? [this.t.paid, 'good']
        : balance.paid.amount > 0
          ? [this.t.partlyPaid(due), 'warn']
          : [this.t.unpaid(due), block.status === 'draft' ? '' : 'warn'];
    return html`<span part="badge payment-badge" class="badge ${tone}">${text}</span>`;
  }

  private expiryText({ block }: BlockDetail): string {
    if (block.expiresOn === null) return this.t.noExpiry;
    const day = formatDay(block.expiresOn, this.resolvedLocale);
    const past = block.status === 'expired' || block.expiresOn < dayIn(Date.now(), this.resolvedTimeZone);
    return past ? this.t.expiredOn(day) : this.t.expiresOn(day);
  }

  private renderNotice(reminder: Reminder, unitKind: UnitKind): TemplateResult | typeof nothing {
    let text: string;
    switch (reminder.type) {
      case 'low_balance':
        text = this.t.lowBalance(reminder.remaining, reminder.purchased, unitKind);
        break;
      case 'last_unit_used':
        text = this.t.lastUnitUsed;
        break;
      case 'expiring':
        text = this.t.expiring(
          formatRelativeDays(reminder.daysLeft, this.resolvedLocale),
          reminder.remaining,
          unitKind,
        );
        break;
      default:
        return nothing;
    }
    return html`<p part="notice" class="notice">${text}</p>`;
  }

  private renderHistory(detail: BlockDetail): TemplateResult {
    const sessions = [...detail.sessions].sort((a, b) =>
      a.session.startsAt < b.session.startsAt ? -1 : a.session.startsAt > b.session.startsAt ? 1 : 0,
    );
    return html`
      <details part="history">
        <summary part="history-summary">${this.t.history(sessions.length)}</summary>
        ${
          sessions.length === 0
            ? html`<p class="muted">${this.t.noHistory}</p>`
            : html`<ol class="list">${sessions.map((s) => this.renderHistoryItem(s, detail.block.id))}</ol>`
        }
      </details>
    `;
  }

  private renderHistoryItem(view: SessionView, blockId: string): TemplateResult {
    const place = view.attendances.find((a) => a.attendance.blockId === blockId) ?? view.attendances[0];
    const attendance = place?.attendance;
    const status = attendance?.status ?? view.session.status;
    const completion = attendance?.completion;
    const label = completion && !completion.builtIn ? completion.label : null;
    const number = place?.block?.sessionNumber ?? null;
    const tone = status === 'completed' ? 'good' : status === 'missed' ? 'bad' : status === 'scheduled' ? 'warn' : '';
    return html`
      <li part="history-item" class="history-item">
        <span class="number">${number === null ? this.t.notCounted : this.t.sessionNumber(number, place?.block?.of ?? null)}</span>
        <time datetime=${view.session.startsAt}
          >${formatShortDateTime(view.session.startsAt, this.resolvedLocale, this.resolvedTimeZone)}</time
        >
        <span class="badge ${tone}">${this.t.attendanceStatus(status, label)}</span>
      </li>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sessions-package': SessionsPackage;
  }
}
