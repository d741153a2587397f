/**
 * reports/report.html: report.md as one self-contained HTML page (no external files, no scripts)
 * with print CSS, so a browser's "Save as PDF" gives the seed 004 report.pdf. Rendered with the
 * unified ecosystem the web UI also uses for markdown (remark-parse + remark-gfm → remark-rehype →
 * rehype-sanitize → rehype-document → rehype-stringify). Raw HTML in the markdown (model outputs,
 * judge reasoning quoted in table cells) is shown as text, never interpreted; only the `<br>` line
 * breaks report.md writes in table cells become line breaks. rehype-sanitize (GitHub's schema) then
 * drops anything unsafe markdown itself can express, such as `javascript:` links.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeSanitize from 'rehype-sanitize';
import rehypeDocument from 'rehype-document';
import rehypeStringify from 'rehype-stringify';
import { visit } from 'unist-util-visit';
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

/** Renders markdown as a self-contained, sanitised HTML document titled `title`, in `lang`. */
export function renderReportHtml(markdown: string, options: { title: string; lang: ReportLang }): string {
  // remark-gfm only extends the parser (tables, strikethrough, autolinks), so parsing is all it takes.
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  visit(tree, 'html', (node, index, parent) => {
    if (!parent || index === undefined) return;
    parent.children[index] = /^<br\s*\/?>$/i.test(node.value.trim()) ? { type: 'break' } : { type: 'text', value: node.value };
  });
  const html = unified()
    .use(remarkRehype)
    .use(rehypeSanitize)
    .use(rehypeDocument, { title: options.title, language: options.lang, style: STYLE })
    .use(rehypeStringify);
  return `${html.stringify(html.runSync(tree))}\n`;
}
