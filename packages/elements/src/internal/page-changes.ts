import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Follows bookings and cancellations made elsewhere on the page: while its
 * element is connected, `onChange` runs for every `sessions-booked` and
 * `sessions-cancelled` that reaches the document from another element (the
 * events bubble and cross shadow roots), so the element's data can be read
 * again. The element's own events are left out: it has refreshed already.
 */
export class PageChanges implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  private readonly listener = (event: Event) => {
    if (event.composedPath()[0] !== this.host) this.onChange();
  };

  hostConnected(): void {
    document.addEventListener('sessions-booked', this.listener);
    document.addEventListener('sessions-cancelled', this.listener);
  }

  hostDisconnected(): void {
    document.removeEventListener('sessions-booked', this.listener);
    document.removeEventListener('sessions-cancelled', this.listener);
  }
}
