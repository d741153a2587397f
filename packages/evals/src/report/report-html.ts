/**
 * reports/report.html: report.md as one self-contained HTML page (no external files, no scripts)
 * with print CSS, so a browser's "Save as PDF" gives the seed 004 report.pdf. Rendered with
 * markdown-it (CommonMark + GFM tables; an order of magnitude faster than micromark on long reports).
 * Raw HTML in the markdown — model outputs and judge reasoning quoted in table cells — is shown as
 * text, never interpreted: only the `<br>` line breaks report.md writes in table cells become line
 * breaks. markdown-it escapes all text and refuses `javascript:`, `vbscript:`, `file:` and `data:`
 * links by itself (validateLink).
 */
import MarkdownIt, { type StateCore, type Token } from 'markdown-it';
import type { ReportLang } from './report-lang.js';

/** Screen and print styles: readable tables, wrapped code, A4 pages, no split rows or code blocks. */
const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif;
  font-size: 14px; line-height: 1.5; color: #1f2328; max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6em; border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em; margin-top: 1.6em; }
h3 { font-size: 1.1em; margin-top: 1.4em; }
table { border-collapse: collapse; margin: .8em 0; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f6f8fa; }
pre { background: #f6f8fa; padding: 8px 12px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
a { color: #0969da; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  thead { display: table-header-group; }
  tr, pre { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

const LINE_BREAK = /^<br\s*\/?>$/i;

/** Raw HTML tokens become text (escaped when rendered); a `<br>` becomes a line break. */
function rawHtmlAsText(state: StateCore): void {
  const convert = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'html_inline' && LINE_BREAK.test(token.content.trim())) {
        token.type = 'hardbreak';
        token.content = '';
      } else if (token.type === 'html_inline' || token.type === 'html_block') {
        token.type = 'text';
      }
      if (token.children) convert(token.children);
    }
  };
  convert(state.tokens);
}

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });
markdown.core.ruler.push('raw_html_as_text', rawHtmlAsText);

/** Renders markdown as a self-contained HTML document titled `title`, in `lang`; raw HTML stays text. */
export function renderReportHtml(text: string, options: { title: string; lang: ReportLang }): string {
  const escape = markdown.utils.escapeHtml;
  return [
    '<!doctype html>',
    `<html lang="${escape(options.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(options.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    markdown.render(text),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
