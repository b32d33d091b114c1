import { css } from 'lit';

export const packageStyles = css`
  .block-top {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: var(--sessions-gap, 0.75rem);
    align-items: center;
  }

  .row-stack {
    display: grid;
    gap: 0.25em;
  }

  .block-top p {
    margin: 0;
  }

  .ring {
    position: relative;
    width: var(--sessions-ring-size, 4.5rem);
    height: var(--sessions-ring-size, 4.5rem);
  }

  .ring svg {
    width: 100%;
    height: 100%;
    transform: rotate(-90deg);
  }

  .ring circle {
    fill: none;
    stroke-width: var(--sessions-ring-width, 3.5);
  }

  .ring .track {
    stroke: var(--sessions-ring-track-color, #d0d7de);
  }

  .ring .value {
    stroke: var(--sessions-ring-color, var(--sessions-color-accent, #0b57d0));
    stroke-linecap: round;
    transition: stroke-dasharray 0.3s ease;
  }

  .ring.low .value {
    stroke: var(--sessions-color-warning, #7a4d00);
  }

  .ring-label {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    font-size: 1.25em;
    font-weight: 700;
  }

  details summary {
    cursor: pointer;
    width: fit-content;
  }

  .history-item {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
    align-items: baseline;
    padding: 0.35em 0;
    border-bottom: 1px solid var(--sessions-color-border, #d0d7de);
  }

  .history-item .number {
    font-weight: 600;
    min-width: 8em;
  }

  @media (prefers-reduced-motion: reduce) {
    .ring .value {
      transition: none;
    }
  }
`;
