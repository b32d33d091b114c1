import { css } from 'lit';

export const bookingStyles = css`
  .booking,
  .upcoming {
    display: grid;
    gap: var(--sessions-gap, 0.75rem);
  }

  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    margin: 0;
    padding: 0;
    list-style: none;
    counter-reset: step;
    color: var(--sessions-color-muted, #57606a);
    font-size: 0.9em;
  }

  .step {
    counter-increment: step;
  }

  .step::before {
    content: counter(step) '. ';
  }

  .step.current {
    color: var(--sessions-color-accent, #0b57d0);
    font-weight: 700;
  }

  .step.done {
    color: var(--sessions-color-text, #1f2328);
  }

  .choice-title {
    font-weight: 600;
  }

  .choice-meta {
    font-size: 0.9em;
  }

  .window .range {
    min-width: 8em;
    text-align: center;
  }

  .days,
  .slots {
    display: grid;
    gap: 0.5em;
    grid-template-columns: repeat(auto-fill, minmax(var(--sessions-slot-min-width, 5.5rem), 1fr));
  }

  .days .choice,
  .slots .choice {
    align-items: center;
    text-align: center;
  }

  .summary {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.35em 1em;
    margin: 0;
  }

  .summary dt {
    font-weight: 600;
  }

  .summary dd {
    margin: 0;
  }

  .note-label {
    font-weight: 600;
  }

  textarea {
    font: inherit;
    width: 100%;
    padding: 0.5em;
    border: 1px solid var(--sessions-color-border, #d0d7de);
    border-radius: var(--sessions-radius, 0.5rem);
    color: inherit;
    background: var(--sessions-color-surface, #ffffff);
  }

  .heading.done {
    color: var(--sessions-color-success, #146c2e);
  }

  .upcoming-line {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 0.5em;
  }

  .cancel-panel p {
    margin: 0;
  }
`;
