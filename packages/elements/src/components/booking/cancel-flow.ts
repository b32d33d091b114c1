import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { CancellationDecision, CancelResult, SessionsClient } from '../../client/types.js';
import type { Messages } from '../../internal/messages.js';
import { idempotencyKey } from '../../internal/sessions-element.js';

/** What the cancel flow needs from its element (its protected helpers, passed in as closures). */
export interface CancelFlowHost {
  client(): SessionsClient | undefined;
  messages(): Messages;
  heading(text: string, id: string): TemplateResult;
  fail(error: unknown, action: 'preview-cancellation' | 'cancel'): void;
  cancelled(sessionId: string, result: CancelResult, summary: string): void;
  focus(selector: string): Promise<void>;
}

/**
 * Cancelling a session in two steps: first the policy's preview ("Cancelling
 * now uses 1 credit: less than 24 h before the start"), then, once the
 * visitor confirms, the cancellation itself. One session at a time; the panel
 * renders where the element asks for it, and focus moves into it and back.
 */
export class CancelFlow implements ReactiveController {
  sessionId: string | null = null;
  /** Where the panel shows (a session can be listed in two places). */
  place = '';
  preview: CancellationDecision | null = null;
  busy = false;
  private when = '';
  private key = '';
  private opener: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: CancelFlowHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Ask for the policy's preview of cancelling `sessionId`, then show it. */
  async open(sessionId: string, when: string, place: string, opener?: HTMLElement | null): Promise<void> {
    const client = this.options.client();
    if (!client || this.busy) return;
    this.opener = opener ?? null;
    this.place = place;
    this.busy = true;
    this.sessionId = sessionId;
    this.when = when;
    this.preview = null;
    this.key = idempotencyKey();
    this.host.requestUpdate();
    try {
      this.preview = await client.previewCancellation(sessionId);
      this.busy = false;
      this.host.requestUpdate();
      await this.options.focus('#cancel-title');
    } catch (error) {
      this.reset();
      this.options.fail(error, 'preview-cancellation');
    }
  }

  /** Cancel, as the preview said. */
  async confirm(): Promise<void> {
    const client = this.options.client();
    const sessionId = this.sessionId;
    if (!client || !sessionId || this.busy || !this.preview) return;
    this.busy = true;
    this.host.requestUpdate();
    try {
      const result = await client.cancel(sessionId, {}, { idempotencyKey: this.key });
      const summary = result.cancellation.outcomes[0]?.summary ?? this.summary();
      this.reset();
      this.options.cancelled(sessionId, result, summary);
    } catch (error) {
      this.busy = false;
      this.host.requestUpdate();
      this.options.fail(error, 'cancel');
    }
  }

  /** Keep the session: close the panel and give focus back to the button that opened it. */
  dismiss(): void {
    const opener = this.opener;
    this.reset();
    if (opener?.isConnected) opener.focus();
  }

  private reset(): void {
    this.sessionId = null;
    this.preview = null;
    this.busy = false;
    this.host.requestUpdate();
  }

  private summary(): string {
    return this.preview?.outcomes[0]?.summary ?? '';
  }

  /** True when the panel is showing for `sessionId` at `place`. */
  isOpen(sessionId: string, place: string): boolean {
    return this.sessionId === sessionId && this.place === place && this.preview !== null;
  }

  /** The panel, when it is open for `sessionId` at `place`. */
  render(sessionId: string, place: string): TemplateResult | typeof nothing {
    if (!this.isOpen(sessionId, place)) return nothing;
    const t = this.options.messages();
    return html`
      <div
        part="cancel-panel"
        class="card cancel-panel"
        role="group"
        aria-labelledby="cancel-title"
        aria-describedby="cancel-summary"
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape') this.dismiss();
        }}
      >
        ${this.options.heading(t.cancelTitle, 'cancel-title')}
        <p class="muted">${this.when}</p>
        <p part="cancel-summary" id="cancel-summary">${this.summary()}</p>
        <div class="row">
          <button
            part="button confirm-cancel-button"
            class="danger"
            aria-disabled=${this.busy ? 'true' : 'false'}
            aria-describedby="cancel-summary"
            @click=${() => this.confirm()}
          >
            ${t.confirmCancel}
          </button>
          <button part="button" @click=${() => this.dismiss()}>${t.keep}</button>
        </div>
      </div>
    `;
  }
}
