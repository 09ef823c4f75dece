/** The one stylesheet, served at `/assets/emulator.css` (no inline styles needed beyond attribute colours). */
export const STYLES = `
:root { color-scheme: light; --ink: #37352f; --muted: #787774; --line: #e9e9e7; --hover: #f1f1ef; --accent: #2383e2; --danger: #eb5757; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 ui-sans-serif, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
.topbar { display: flex; align-items: center; gap: 24px; padding: 10px 24px; border-bottom: 1px solid var(--line); background: #fbfbfa; }
.brand { font-weight: 600; } .brand small { color: var(--muted); font-weight: 400; }
nav a { margin-right: 16px; color: var(--muted); text-decoration: none; } nav a[aria-current=page] { color: var(--ink); font-weight: 600; }
main { max-width: 880px; margin: 0 auto; padding: 24px; }
h1 { font-size: 28px; margin: 8px 0 16px; } h2 { font-size: 18px; margin: 28px 0 10px; }
.muted { color: var(--muted); } .small { font-size: 13px; }
.notice { padding: 10px 14px; border-radius: 6px; background: #fdf5e6; border: 1px solid #f3d9a4; margin: 12px 0; }
.people { display: flex; gap: 8px; align-items: center; margin: 8px 0 16px; }
button, .button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #d3d1cb; background: #fff; cursor: pointer; color: var(--ink); }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button[aria-pressed=true] { background: var(--ink); color: #fff; border-color: var(--ink); }
.button-quiet { border: none; color: var(--muted); padding: 2px 8px; } .button-quiet:hover { background: var(--hover); }
.paste { display: flex; gap: 8px; align-items: end; margin: 12px 0 20px; }
.paste label { display: flex; flex-direction: column; flex: 1; font-size: 13px; color: var(--muted); }
input[type=text], input[type=url], input[type=password], textarea, select { font: inherit; padding: 7px 10px; border: 1px solid #d3d1cb; border-radius: 6px; width: 100%; }
textarea { font-family: ui-monospace, Menlo, monospace; font-size: 13px; }
.inline-form { display: inline; margin: 0; }
.previews { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 18px; }
.preview { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 12px; }
.preview-bar { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; font-size: 13px; }
.preview-uri { color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; }
.state-badge { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; padding: 1px 6px; border-radius: 4px; background: var(--hover); color: var(--muted); }
.state-ready { background: #dbeddb; color: #1c3829; } .state-error, .state-failed { background: #ffe2dd; color: #5d1715; }
.preview-full { display: flex; flex-direction: column; border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; overflow: hidden; max-width: 640px; background: #fff; }
.preview[data-state=placeholder] .preview-full { opacity: .6; }
.plain-link { padding: 10px 12px; gap: 2px; color: inherit; text-decoration: none; }
.preview-embed img, .preview-embed video { display: block; width: 100%; max-height: 320px; object-fit: cover; }
.preview-embed iframe { display: block; width: 100%; height: 320px; border: 0; }
.preview-embed audio { width: 100%; }
.preview-content { padding: 12px 14px; display: flex; flex-direction: column; gap: 6px; }
.preview-heading { display: flex; align-items: center; gap: 8px; font-weight: 600; font-size: 16px; }
.entity-dot { width: 12px; height: 12px; border-radius: 50%; display: inline-block; flex: none; }
.entity-icon { width: 18px; height: 18px; border-radius: 3px; object-fit: cover; }
.preview-subheadings { display: flex; gap: 10px; flex-wrap: wrap; color: var(--muted); font-size: 13px; }
.subheading.enum { padding: 0 6px; border-radius: 4px; background: var(--hover); }
.preview-body { margin: 0; white-space: pre-wrap; font-size: 14px; }
.preview-relation { margin: 0; font-size: 13px; color: var(--muted); }
.preview-footer { display: flex; align-items: center; gap: 8px; color: var(--muted); font-size: 13px; }
.avatar { width: 20px; height: 20px; border-radius: 50%; object-fit: cover; }
.avatar-text { display: inline-flex; align-items: center; justify-content: center; background: var(--hover); font-size: 11px; }
.identifier-icon { height: 16px; }
.mention-line { margin: 8px 0 0; font-size: 14px; color: var(--muted); }
.preview-mention { display: inline-flex; align-items: center; gap: 4px; color: var(--ink); padding: 0 4px; border-radius: 4px; background: var(--hover); }
.preview-mention .identifier { color: var(--muted); }
.mention-title { font-weight: 500; border-bottom: 1px solid #c7c6c4; }
.mention-error { color: var(--danger); }
.preview-error { margin: 6px 0 8px; padding: 8px 12px; border-radius: 6px; background: #fdebec; color: #5d1715; }
.preview-failure { margin: 6px 0 8px; padding: 8px 12px; border-radius: 6px; background: #fff4e5; border: 1px solid #f5c78d; }
.preview-failure pre, pre.json { white-space: pre-wrap; word-break: break-word; font-size: 12px; margin: 6px 0 0; }
.preview-warnings { margin-top: 8px; font-size: 13px; color: #8a5a00; }
.connections { list-style: none; padding: 0; } .connections li { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; padding: 6px 0; border-bottom: 1px solid var(--line); }
.connections li .connection-warnings { flex-basis: 100%; margin: 0; padding: 4px 8px; list-style: none; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 18px; padding: 12px 16px; }
legend { font-weight: 600; padding: 0 6px; }
.field { display: flex; flex-direction: column; gap: 2px; margin: 8px 0; font-size: 13px; color: var(--muted); }
.errors { color: #5d1715; background: #fdebec; border-radius: 6px; padding: 10px 14px 10px 30px; }
.report-ok { color: #1c3829; background: #dbeddb; border-radius: 6px; padding: 8px 12px; }
table.traffic { width: 100%; border-collapse: collapse; font-size: 13px; } table.traffic td, table.traffic th { border-bottom: 1px solid var(--line); padding: 6px; text-align: left; vertical-align: top; }
.auth-error { padding: 16px; border-radius: 8px; background: #fdebec; color: #5d1715; font-size: 16px; }
`;
