import { defineElement } from '../../internal/define.js';
import { SessionsBooking } from './sessions-booking.js';

export { SessionsBooking };

defineElement('sessions-booking', SessionsBooking);
