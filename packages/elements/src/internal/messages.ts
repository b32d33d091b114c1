import type { AttendanceStatus, BlockStatus, UnitKind } from '@sessions/core';

const s = (n: number, one: string, many: string) => (n === 1 ? one : many);
const unitWord = (kind: UnitKind, n: number) =>
  kind === 'sessions' ? s(n, 'session', 'sessions') : kind === 'minutes' ? s(n, 'minute', 'minutes') : 'credit';

/**
 * Every text the elements show. Dates, times and money arrive already
 * formatted for the visitor's locale; set an element's `messages` to replace
 * any of these (another language, other words).
 */
export interface Messages {
  notConnected: string;
  loading: string;
  retry: string;
  back: string;
  /** What the visitor reads for each error code; other codes show the server's own message. */
  errors: Readonly<Record<string, string>>;

  // <sessions-package>
  noBlocks: string;
  remaining(remaining: string, total: string, unitKind: UnitKind, count: number): string;
  blockStatus(status: BlockStatus): string;
  paid: string;
  partlyPaid(due: string): string;
  unpaid(due: string): string;
  expiresOn(day: string): string;
  expiredOn(day: string): string;
  noExpiry: string;
  lowBalance(remaining: number, purchased: number, unitKind: UnitKind): string;
  lastUnitUsed: string;
  expiring(days: string, remaining: number, unitKind: UnitKind): string;
  history(count: number): string;
  noHistory: string;
  sessionNumber(n: number, of: number | null): string;
  notCounted: string;
  attendanceStatus(status: AttendanceStatus, label: string | null): string;

  // <sessions-booking>
  steps: { service: string; practitioner: string; time: string; confirm: string };
  chooseService: string;
  choosePractitioner: string;
  chooseTime: string;
  confirmTitle: string;
  doneTitle: string;
  pickDay: string;
  pickTime: string;
  timesShownIn(zone: string): string;
  noSlots: string;
  earlier: string;
  later: string;
  service: string;
  practitioner: string;
  when: string;
  price: string;
  note: string;
  book: string;
  booking: string;
  paysWith(blockName: string, remaining: number, unitKind: UnitKind): string;
  noBlock: string;
  expiredBlock(blockName: string, day: string): string;
  booked(when: string): string;
  linked(blockName: string, n: number | null, of: number | null): string;
  bookAnother: string;
  chooseAnotherTime: string;
  chooseAnotherService: string;
  buyPackage: string;
  upcoming: string;
  noUpcoming: string;
  cancel: string;
  cancelLabel(when: string): string;
  cancelTitle: string;
  checkingPolicy: string;
  confirmCancel: string;
  keep: string;
  cancelled(summary: string): string;

  // <sessions-classes>
  noClasses: string;
  seats(left: number, capacity: number): string;
  full(waitlist: boolean): string;
  sessions(n: number): string;
  pricing(perSession: string, total: string): string;
  joinBy(day: string): string;
  details: string;
  hideDetails: string;
  allSessions: string;
  upcomingSessions(shown: number, total: number): string;
  join: string;
  joinWaitlist: string;
  drop: string;
  leaveWaitlist: string;
  enrolledBadge: string;
  waitlistedBadge(position: number | null): string;
  joined(name: string, sessions: number): string;
  waitlistJoined(name: string, position: number | null): string;
  dropTitle: string;
  dropText: string;
  confirmDrop: string;
  stay: string;
  dropped(name: string): string;
  sessionStatus(status: 'scheduled' | 'completed' | 'cancelled'): string;
}

export const defaultMessages: Messages = {
  notConnected: 'Not connected: set the api attribute or the client property.',
  loading: 'Loading…',
  retry: 'Try again',
  back: 'Back',
  errors: {
    UNAUTHENTICATED: 'Please sign in to continue.',
    FORBIDDEN: 'You are not allowed to do this. Please contact the practice.',
    NOT_FOUND: 'This is no longer available.',
    INSUFFICIENT_CREDIT: 'You have no credit left to book this. Buy a package, or contact the practice.',
    BLOCK_EXPIRED: 'Your package has expired, so it cannot pay for this. Renew it to book again.',
    BLOCK_NOT_ACTIVE: 'Your package is not active yet: it unlocks once it is paid.',
    NOT_COVERED: 'Your package does not cover this service or practitioner.',
    SLOT_TAKEN: 'Someone has just booked that time. Please choose another.',
    SLOT_UNAVAILABLE: 'That time can no longer be booked. Please choose another.',
    CLASS_FULL: 'This class is full.',
    DEADLINE_PASSED: 'The deadline for this has passed. Please contact the practice.',
    NETWORK_ERROR: 'The practice could not be reached. Check your connection and try again.',
    STORE_UNAVAILABLE: 'The practice is briefly unavailable. Please try again in a moment.',
    INTERNAL: 'Something went wrong at the practice. Please try again.',
  },

  noBlocks: 'You have no packages yet.',
  remaining: (remaining, total, kind, count) => `${remaining} of ${total} ${unitWord(kind, count)} left`,
  blockStatus: (status) =>
    ({
      draft: 'Draft',
      pending: 'Awaiting payment',
      active: 'Active',
      completed: 'Used up',
      cancelled: 'Cancelled',
      expired: 'Expired',
    })[status],
  paid: 'Paid',
  partlyPaid: (due) => `Part paid: ${due} due`,
  unpaid: (due) => `Unpaid: ${due} due`,
  expiresOn: (day) => `Expires on ${day}`,
  expiredOn: (day) => `Expired on ${day}`,
  noExpiry: 'Does not expire',
  lowBalance: (remaining, purchased, kind) =>
    `Only ${remaining} of ${purchased} ${unitWord(kind, purchased)} left: time to renew.`,
  lastUnitUsed: 'Every session of this package is used.',
  expiring: (days, remaining, kind) => `Expires ${days}, with ${remaining} ${unitWord(kind, remaining)} unused.`,
  history: (count) => `History (${count} ${s(count, 'session', 'sessions')})`,
  noHistory: 'No sessions yet.',
  sessionNumber: (n, of) => (of === null ? `Session ${n}` : `Session ${n} of ${of}`),
  notCounted: 'Credit returned',
  attendanceStatus: (status, label) =>
    label ?? { scheduled: 'Booked', completed: 'Attended', missed: 'Missed', cancelled: 'Cancelled' }[status],

  steps: { service: 'Service', practitioner: 'Practitioner', time: 'Time', confirm: 'Confirm' },
  chooseService: 'Choose a service',
  choosePractitioner: 'Choose who you would like to see',
  chooseTime: 'Choose a time',
  confirmTitle: 'Check and book',
  doneTitle: 'Booked',
  pickDay: 'Day',
  pickTime: 'Time',
  timesShownIn: (zone) => `Times are shown in your time zone (${zone}).`,
  noSlots: 'No free times on these days.',
  earlier: 'Earlier days',
  later: 'Later days',
  service: 'Service',
  practitioner: 'With',
  when: 'When',
  price: 'Price',
  note: 'Note for the practitioner (optional)',
  book: 'Book',
  booking: 'Booking…',
  paysWith: (name, remaining, kind) =>
    `Paid from your package “${name}” (${remaining} ${unitWord(kind, remaining)} left).`,
  noBlock: 'No package of yours covers this: it is billed to your account.',
  expiredBlock: (name, day) => `Your package “${name}” expired on ${day}.`,
  booked: (when) => `Booked: ${when}.`,
  linked: (name, n, of) =>
    n === null ? `Paid from “${name}”.` : `This is session ${n}${of === null ? '' : ` of ${of}`} of “${name}”.`,
  bookAnother: 'Book another session',
  chooseAnotherTime: 'Choose another time',
  chooseAnotherService: 'Choose another service',
  buyPackage: 'Buy a package',
  upcoming: 'Your upcoming sessions',
  noUpcoming: 'No upcoming sessions.',
  cancel: 'Cancel…',
  cancelLabel: (when) => `Cancel the session on ${when}`,
  cancelTitle: 'Cancel this session?',
  checkingPolicy: 'Checking the cancellation policy…',
  confirmCancel: 'Yes, cancel it',
  keep: 'Keep it',
  cancelled: (summary) => `Cancelled. ${summary}`,

  noClasses: 'No classes are open for booking right now.',
  seats: (left, capacity) => `${left} of ${capacity} places left`,
  full: (waitlist) => (waitlist ? 'Full: join the waitlist' : 'Full'),
  sessions: (n) => `${n} ${s(n, 'session', 'sessions')}`,
  pricing: (per, total) => `${per} per session, ${total} in all`,
  joinBy: (day) => `Join by ${day}`,
  details: 'Details',
  hideDetails: 'Hide details',
  allSessions: 'All sessions',
  upcomingSessions: (shown, total) => (shown < total ? `Dates (${shown} of ${total})` : 'Dates'),
  join: 'Join',
  joinWaitlist: 'Join the waitlist',
  drop: 'Drop out…',
  leaveWaitlist: 'Leave the waitlist…',
  enrolledBadge: 'You are enrolled',
  waitlistedBadge: (position) => (position === null ? 'On the waitlist' : `On the waitlist (number ${position})`),
  joined: (name, n) => `You joined “${name}”: ${n} ${s(n, 'session', 'sessions')} booked.`,
  waitlistJoined: (name, position) =>
    `“${name}” is full: you are on its waitlist${position === null ? '' : ` (number ${position})`}.`,
  dropTitle: 'Drop out of this class?',
  dropText: 'Your places in its upcoming sessions are given up, and any credits they held come back to your package.',
  confirmDrop: 'Yes, drop out',
  stay: 'Stay',
  dropped: (name) => `You left “${name}”.`,
  sessionStatus: (status) => ({ scheduled: 'Scheduled', completed: 'Held', cancelled: 'Cancelled' })[status],
};
