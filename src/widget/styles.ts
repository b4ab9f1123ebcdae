/*
 * The default theme meets WCAG 2.2 AA contrast (text at least 4.5:1 on its
 * background, focus ring 3:1). Pages restyle it through the custom
 * properties below, or any part with ::part() (README, "Embed on your website").
 */
export const WIDGET_STYLES = `
:host {
  display: block;
  font-family: var(--peer-supporters-font-family, inherit);
  color: var(--peer-supporters-text-color, #1f2328);
  background: var(--peer-supporters-background, transparent);
}
[hidden] { display: none !important; }
.search { display: flex; flex-direction: column; gap: 0.25rem; margin-bottom: 1rem; }
label { font-weight: 600; }
input {
  font: inherit;
  color: inherit;
  background: var(--peer-supporters-card-background, #ffffff);
  border: 1px solid var(--peer-supporters-border-color, #6e7781);
  border-radius: var(--peer-supporters-radius, 0.5rem);
  padding: 0.5rem 0.75rem;
  max-width: 24rem;
}
.status { color: var(--peer-supporters-muted-color, #4d5560); min-height: 1.5em; margin: 0 0 0.5rem; }
.list {
  list-style: none;
  margin: 0;
  padding: 0;
  display: grid;
  gap: var(--peer-supporters-gap, 1rem);
  grid-template-columns: repeat(auto-fill, minmax(var(--peer-supporters-card-min-width, 16rem), 1fr));
}
.card {
  display: flex;
  gap: 0.75rem;
  align-items: flex-start;
  padding: 1rem;
  background: var(--peer-supporters-card-background, #ffffff);
  border: 1px solid var(--peer-supporters-border-color, #d0d7de);
  border-radius: var(--peer-supporters-radius, 0.5rem);
}
.avatar {
  width: var(--peer-supporters-avatar-size, 4rem);
  height: var(--peer-supporters-avatar-size, 4rem);
  border-radius: 50%;
  object-fit: cover;
  flex: none;
}
.name { font-size: 1.1rem; margin: 0 0 0.25rem; }
.bio, .greeting, .motivation, .recovery-status { margin: 0 0 0.5rem; }
.greeting, .availability { font-style: italic; }
.availability { margin: 0 0 0.25rem; color: var(--peer-supporters-muted-color, #4d5560); }
.tags { list-style: none; margin: 0 0 0.25rem; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.tags li {
  font-size: 0.85rem;
  color: var(--peer-supporters-muted-color, #4d5560);
  border: 1px solid var(--peer-supporters-border-color, #d0d7de);
  border-radius: 999px;
  padding: 0.1rem 0.5rem;
}
button {
  font: inherit;
  cursor: pointer;
  color: var(--peer-supporters-accent-text-color, #ffffff);
  background: var(--peer-supporters-accent-color, #0b5cad);
  border: 1px solid var(--peer-supporters-accent-color, #0b5cad);
  border-radius: var(--peer-supporters-radius, 0.5rem);
  padding: 0.4rem 0.9rem;
}
button:disabled { cursor: default; opacity: 0.55; }
.pager { display: flex; align-items: center; gap: 1rem; margin-top: 1rem; }
input:focus-visible, button:focus-visible {
  outline: 3px solid var(--peer-supporters-focus-color, #0b5cad);
  outline-offset: 2px;
}
`;
