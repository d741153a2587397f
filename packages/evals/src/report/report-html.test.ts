import { describe, expect, it } from 'vitest';
import { renderReportHtml } from './report-html.js';

describe('renderReportHtml', () => {
  it('renders markdown tables and code; raw HTML stays text, only <br> breaks a cell, unsafe links are not links', () => {
    const html = renderReportHtml(
      [
        '# Report',
        '',
        '| evaluator | reasoning |',
        '| --- | --- |',
        '| judge | line one<br>line two <script>alert(1)</script> <img src=x onerror=alert(2)> |',
        '',
        '<iframe src="https://evil.example"></iframe>',
        '',
        '```',
        '<script>alert(3)</script>',
        '```',
        '',
        '[trace](https://tracehub.example/traces/abc) [bad](javascript:alert(4))',
      ].join('\n'),
      { title: 'a </title><script>x</script>', lang: 'en' },
    );
    expect(html).not.toMatch(/<(script|img|iframe)\b/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('[bad](javascript:alert(4))');
    expect(html).toContain('<title>a &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>');
    expect(html).toContain('<td>line one<br>\nline two &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;</td>');
    expect(html).toContain('&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;');
    expect(html).toContain('<pre><code>&lt;script&gt;alert(3)&lt;/script&gt;\n</code></pre>');
    expect(html).toContain('<a href="https://tracehub.example/traces/abc">trace</a>');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
  });
});
