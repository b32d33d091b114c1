import { css } from 'lit';

export const classesStyles = css`
  .class-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 0.5em;
  }

  .dates,
  .details {
    display: grid;
    gap: 0.35em;
  }

  .details[hidden] {
    display: none;
  }

  .compact {
    gap: 0.15em;
  }

  .session {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
    align-items: baseline;
  }
`;
