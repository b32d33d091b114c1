import { css } from 'lit';

/**
 * The design tokens every element reads (each one a documented `@cssproperty`),
 * and the pieces they share: buttons, choices, badges, the live and alert
 * regions. A page themes all three elements at once by setting the
 * properties on `:root` or on the elements.
 */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--sessions-font-family, inherit);
    font-size: var(--sessions-font-size, 1rem);
    line-height: 1.5;
    color: var(--sessions-color-text, #1f2328);
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  p {
    margin: 0;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  .base {
    display: grid;
    gap: var(--sessions-gap, 0.75rem);
    background: var(--sessions-color-surface, #ffffff);
  }

  .heading {
    margin: 0;
    font-size: 1.25em;
    font-weight: 600;
    line-height: 1.3;
  }

  .subheading {
    margin: 0;
    font-size: 1.05em;
    font-weight: 600;
  }

  .heading:focus,
  .subheading:focus {
    outline: none;
  }

  .heading:focus-visible,
  .subheading:focus-visible,
  button:focus-visible,
  a:focus-visible,
  summary:focus-visible,
  textarea:focus-visible {
    outline: var(--sessions-focus-ring, 3px solid #0b57d0);
    outline-offset: 2px;
  }

  .muted {
    color: var(--sessions-color-muted, #57606a);
  }

  .card {
    display: grid;
    gap: calc(var(--sessions-gap, 0.75rem) * 0.75);
    padding: var(--sessions-gap, 0.75rem);
    border: 1px solid var(--sessions-color-border, #d0d7de);
    border-radius: var(--sessions-radius, 0.5rem);
    background: var(--sessions-color-surface, #ffffff);
  }

  .list {
    display: grid;
    gap: calc(var(--sessions-gap, 0.75rem) * 0.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--sessions-gap, 0.75rem) * 0.5);
  }

  button,
  .button {
    font: inherit;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 2.5em;
    padding: 0.4em 1em;
    border: 1px solid var(--sessions-color-border, #d0d7de);
    border-radius: var(--sessions-radius, 0.5rem);
    background: var(--sessions-color-surface, #ffffff);
    color: var(--sessions-color-text, #1f2328);
    text-decoration: none;
  }

  button:hover {
    border-color: var(--sessions-color-accent, #0b57d0);
  }

  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.7;
  }

  .primary {
    background: var(--sessions-color-accent, #0b57d0);
    border-color: var(--sessions-color-accent, #0b57d0);
    color: var(--sessions-color-on-accent, #ffffff);
    font-weight: 600;
  }

  .danger {
    border-color: var(--sessions-color-danger, #b3261e);
    color: var(--sessions-color-danger, #b3261e);
  }

  .choice {
    justify-content: flex-start;
    text-align: start;
    width: 100%;
    flex-direction: column;
    align-items: flex-start;
    gap: 0;
  }

  .choice[aria-pressed='true'] {
    background: var(--sessions-color-accent, #0b57d0);
    border-color: var(--sessions-color-accent, #0b57d0);
    color: var(--sessions-color-on-accent, #ffffff);
  }

  .badge {
    display: inline-block;
    padding: 0.05em 0.6em;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.85em;
    font-weight: 600;
    color: var(--sessions-color-muted, #57606a);
    background: var(--sessions-color-surface, #ffffff);
  }

  .badge.good {
    color: var(--sessions-color-success, #146c2e);
  }

  .badge.warn {
    color: var(--sessions-color-warning, #7a4d00);
  }

  .badge.bad {
    color: var(--sessions-color-danger, #b3261e);
  }

  .notice {
    margin: 0;
    padding: 0.5em 0.75em;
    border-inline-start: 4px solid var(--sessions-color-warning, #7a4d00);
    background: var(--sessions-color-surface, #ffffff);
    color: var(--sessions-color-text, #1f2328);
  }

  .status.shown,
  .error.shown {
    display: grid;
    gap: 0.5em;
    padding: 0.6em 0.9em;
    border-radius: var(--sessions-radius, 0.5rem);
    border: 1px solid var(--sessions-color-success, #146c2e);
  }

  .error.shown {
    border-color: var(--sessions-color-danger, #b3261e);
  }

  .error-text {
    margin: 0;
    color: var(--sessions-color-danger, #b3261e);
    font-weight: 600;
  }

  .message {
    margin: 0;
  }

  @media (forced-colors: active) {
    .choice[aria-pressed='true'] {
      border: 3px solid Highlight;
    }
  }
`;
