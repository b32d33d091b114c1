// The Custom Elements Manifest (dist/custom-elements.json, the package.json `customElements` field):
// read by IDEs, Storybook and docs tools. Generated from the classes' JSDoc on every build.
export default {
  globs: [
    'src/components/*/sessions-*.ts',
    'src/components/booking/booking-flow.ts',
    'src/internal/sessions-element.ts',
  ],
  exclude: ['**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
};
