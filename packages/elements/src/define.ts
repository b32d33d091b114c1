/**
 * Registers every element: `<sessions-package>`, `<sessions-booking>`,
 * `<sessions-classes>`. Import it once (`import '@sessions/elements/define'`),
 * or load the self-contained `@sessions/elements/browser` bundle with a
 * `<script type="module">`. To register one element only, import
 * `@sessions/elements/define/sessions-booking` (and so on).
 *
 * The registrations are made here, not by importing the per-element define
 * modules, so that they stay in this entry's own file of the build (which
 * package.json marks as having side effects) rather than in a shared chunk.
 */
import { SessionsBooking } from './components/booking/sessions-booking.js';
import { SessionsClasses } from './components/classes/sessions-classes.js';
import { SessionsPackage } from './components/package/sessions-package.js';
import { defineElement } from './internal/define.js';

export { SessionsBooking, SessionsClasses, SessionsPackage };

defineElement('sessions-booking', SessionsBooking);
defineElement('sessions-classes', SessionsClasses);
defineElement('sessions-package', SessionsPackage);
