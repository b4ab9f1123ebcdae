// Vite's `?raw` imports: a file's text (test/settings.test.ts reads wrangler.toml).
declare module "*?raw" {
  const content: string;
  export default content;
}
