/*
 * The default theme meets WCAG 2.2 AA contrast (text at least 4.5:1 on its
 * background, focus ring 3:1). Pages restyle it through the custom
 * properties below, or any part with ::part() (docs/embed.md, "Style it to match your site").
 */
export const WIDGET_STYLES = `
:host {
  display: block;
  font-family: var(--peer-supporters-font-family, inherit);
  color: var(--peer-supporters-text-color, #1f2328);
  background: var(--peer-supporters-background, transparent);
  --card-bg: var(--peer-supporters-card-background, #ffffff);
  --border: var(--peer-supporters-border-color, #d0d7de);
  --muted: var(--peer-supporters-muted-color, #4d5560);
  --accent: var(--peer-supporters-accent-color, #0b5cad);
  --accent-text: var(--peer-supporters-accent-text-color, #ffffff);
  --radius: var(--peer-supporters-radius, 0.5rem);
}
[hidden] { display: none !important; }
.search { display: flex; flex-direction: column; gap: 0.25rem; margin-bottom: 0.75rem; }
label { font-weight: 600; }
input {
  font: inherit;
  color: inherit;
  background: var(--card-bg);
  border: 1px solid var(--peer-supporters-input-border-color, #6e7781);
  border-radius: var(--radius);
  padding: 0.5rem 0.75rem;
  max-width: 24rem;
}
input::placeholder { color: var(--muted); opacity: 1; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-bottom: 0.75rem; }
button.chip {
  color: inherit;
  background: var(--card-bg);
  border-color: var(--border);
  border-radius: 999px;
  padding: 0.3rem 0.8rem;
}
button.chip[aria-pressed="true"] { color: var(--accent-text); background: var(--accent); border-color: var(--accent); }
button.chip.clear { border-style: dashed; }
.chip-count { opacity: 0.8; font-size: 0.85em; }
.status { color: var(--muted); min-height: 1.5em; margin: 0 0 0.5rem; }
.list {
  list-style: none;
  margin: 0;
  padding: 0;
  display: grid;
  gap: var(--peer-supporters-gap, 1rem);
  grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--peer-supporters-card-min-width, 16rem)), 1fr));
  scroll-margin-top: 1rem;
}
.list:focus { outline: none; }
.list:focus-visible { outline: 3px solid var(--peer-supporters-focus-color, #0b5cad); outline-offset: 4px; }
.card {
  position: relative;
  display: flex;
  gap: 0.75rem;
  align-items: flex-start;
  padding: 1rem;
  background: var(--card-bg);
  border: 1px solid var(--border);
  border-radius: var(--radius);
}
.card:hover { border-color: var(--accent); }
.avatar {
  position: relative;
  display: inline-grid;
  place-items: center;
  overflow: hidden;
  flex: none;
  width: var(--peer-supporters-avatar-size, 4rem);
  height: var(--peer-supporters-avatar-size, 4rem);
  border-radius: 50%;
  color: var(--peer-supporters-avatar-text-color, #ffffff);
  background: var(--peer-supporters-avatar-background, var(--peer-supporters-avatar-tone));
  font-weight: 600;
  font-size: calc(var(--peer-supporters-avatar-size, 4rem) * 0.36);
}
.avatar.medium { width: 6rem; height: 6rem; font-size: 2.1rem; }
.avatar img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; }
.details { min-width: 0; }
.name { font-size: 1.1rem; margin: 0 0 0.25rem; }
.card-button {
  all: unset;
  cursor: pointer;
  font-weight: 700;
  color: inherit;
  overflow-wrap: anywhere;
}
.card-button::after { content: ""; position: absolute; inset: 0; border-radius: var(--radius); }
.card-button:focus-visible::after { outline: 3px solid var(--peer-supporters-focus-color, #0b5cad); outline-offset: 2px; }
.bio {
  margin: 0 0 0.5rem;
  display: -webkit-box;
  -webkit-box-orient: vertical;
  -webkit-line-clamp: 3;
  overflow: hidden;
}
.availability { margin: 0 0 0.25rem; font-style: italic; color: var(--muted); }
.tags { list-style: none; margin: 0 0 0.25rem; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.tags li {
  font-size: 0.85rem;
  color: var(--muted);
  border: 1px solid var(--border);
  border-radius: 999px;
  padding: 0.1rem 0.5rem;
}
.skeleton .avatar, .skeleton .lines {
  background: var(--peer-supporters-skeleton-color, #e4e8ec);
  animation: pulse 1.2s ease-in-out infinite alternate;
}
.skeleton .lines { flex: 1; height: 4.5rem; border-radius: var(--radius); }
@keyframes pulse { from { opacity: 1; } to { opacity: 0.45; } }
@media (prefers-reduced-motion: reduce) { .skeleton * { animation: none; } }
button, .contact {
  font: inherit;
  cursor: pointer;
  color: var(--accent-text);
  background: var(--accent);
  border: 1px solid var(--accent);
  border-radius: var(--radius);
  padding: 0.4rem 0.9rem;
}
button:disabled { cursor: default; opacity: 0.55; }
.pager { display: flex; align-items: center; flex-wrap: wrap; gap: 1rem; margin-top: 1rem; }
input:focus-visible, button:focus-visible, .contact:focus-visible {
  outline: 3px solid var(--peer-supporters-focus-color, #0b5cad);
  outline-offset: 2px;
}
.dialog {
  color: var(--peer-supporters-text-color, #1f2328);
  background: var(--peer-supporters-dialog-background, var(--card-bg));
  border: 1px solid var(--border);
  border-radius: var(--radius);
  padding: 1.25rem;
  width: min(36rem, calc(100vw - 2rem));
  max-height: calc(100dvh - 2rem);
  box-sizing: border-box;
}
.dialog::backdrop { background: var(--peer-supporters-backdrop, rgb(0 0 0 / 0.55)); }
.close { float: right; margin: 0 0 0.5rem 0.5rem; }
.profile-header { display: flex; gap: 1rem; align-items: center; margin-bottom: 1rem; }
.profile-header h2 { margin: 0 0 0.25rem; font-size: 1.4rem; }
.greeting { margin: 0 0 1rem; padding-left: 0.75rem; border-left: 3px solid var(--accent); font-style: italic; }
.section h3 { font-size: 1rem; margin: 0 0 0.25rem; }
.section { margin: 0 0 0.9rem; }
.section p { margin: 0; white-space: pre-line; }
.contact { display: inline-block; margin-top: 0.75rem; text-decoration: none; font-weight: 600; }
`;
