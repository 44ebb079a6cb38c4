// The page at /widget/test: the snippet embedded as a customer's site would, so anyone can try the widget (and
// the settings page frames it as the live preview). Everything interpolated is escaped.

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The `<script>` tag a site owner pastes, for a widget served from `baseUrl`. */
export const widgetSnippet = (baseUrl: string, key: string) =>
  `<script src="${baseUrl}/widget.js" data-parley-key="${key}" async></script>`;

export function testPageHtml(opts: { name: string; key: string; baseUrl: string; preview: boolean }): string {
  const snippet = widgetSnippet(opts.baseUrl, opts.key);
  const tag = `<script src="/widget.js" data-parley-key="${escapeHtml(opts.key)}"${opts.preview ? ' data-parley-open="true"' : ''} async></script>`;
  const body = opts.preview
    ? '<p class="hint">Live preview: messages sent here reach the inbox like any visitor’s.</p>'
    : `<main>
  <h1>Widget test page</h1>
  <p>This page embeds the chat widget of <strong>${escapeHtml(opts.name)}</strong> exactly as your site will. Open the
  bubble at the bottom right and write: the conversation appears in Parley’s inbox like any other.</p>
  <p>The snippet on this page:</p>
  <pre><code>${escapeHtml(snippet)}</code></pre>
</main>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Widget test page · ${escapeHtml(opts.name)}</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:32px;background:#f1f3f5;color:#212529;min-height:100vh;box-sizing:border-box}
main{max-width:680px}
pre{background:#fff;border:1px solid #dee2e6;border-radius:6px;padding:12px;white-space:pre-wrap;word-break:break-all}
.hint{color:#495057;font-size:14px;margin:0}
</style>
</head>
<body>
${body}
${tag}
</body>
</html>
`;
}

export function unknownWidgetHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Unknown widget</title></head>
<body style="font:16px system-ui,sans-serif;padding:32px"><h1>Unknown widget</h1><p>No chat widget has this key. Copy the test page link again from Settings → Channels.</p></body></html>
`;
}
