import { html, nothing, type TemplateResult } from 'lit';
import type { SessionView } from '../../client/types.js';
import { formatShortDateTime } from '../../format/dates.js';
import type { Messages } from '../../internal/messages.js';
import type { Catalog } from './booking-flow.js';
import type { CancelFlow } from './cancel-flow.js';

export interface UpcomingProps {
  readonly sessions: readonly SessionView[];
  /** Services and practitioners, to name them; undefined while loading. */
  readonly catalog: Catalog | undefined;
  readonly locale: string;
  readonly timeZone: string;
  readonly t: Messages;
  readonly heading: TemplateResult;
  readonly mayCancel: boolean;
  readonly cancelFlow: CancelFlow;
  readonly onCancel: (sessionId: string, event: Event) => void;
}

/** The visitor's upcoming sessions in `<sessions-booking>`, each with its Cancel button and, when open, its preview. */
export function renderUpcoming(props: UpcomingProps): TemplateResult {
  const { sessions, catalog, locale, timeZone, t, cancelFlow } = props;
  return html`
    <section part="upcoming" class="upcoming" aria-labelledby="upcoming-title">
      ${props.heading}
      ${
        sessions.length === 0
          ? html`<p class="muted">${t.noUpcoming}</p>`
          : html`<ul class="list">
            ${sessions.map((view) => {
              const id = view.session.id;
              const when = formatShortDateTime(view.session.startsAt, locale, timeZone);
              const service = catalog?.services.find((s) => s.id === view.session.serviceId)?.name;
              const who = catalog?.practitioners.find((p) => p.id === view.session.practitionerId)?.name;
              const place = view.attendances[0]?.block;
              const number = place?.sessionNumber ? t.sessionNumber(place.sessionNumber, place.of) : undefined;
              return html`<li part="upcoming-item" class="card upcoming-item">
                <div class="upcoming-line">
                  <div>
                    <time datetime=${view.session.startsAt}><strong>${when}</strong></time>
                    <div class="muted">${[service, who, number].filter(Boolean).join(' · ')}</div>
                  </div>
                  ${
                    props.mayCancel
                      ? html`<button
                        part="button cancel-button"
                        class="danger"
                        aria-label=${t.cancelLabel(when)}
                        aria-expanded=${cancelFlow.isOpen(id, 'upcoming') ? 'true' : 'false'}
                        @click=${(e: Event) => props.onCancel(id, e)}
                      >
                        ${t.cancel}
                      </button>`
                      : nothing
                  }
                </div>
                ${cancelFlow.render(id, 'upcoming')}
              </li>`;
            })}
          </ul>`
      }
    </section>
  `;
}
