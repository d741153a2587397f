import { describe, expect, it } from 'vitest';
import { renderReportHtml } from './report-html.js';

describe('renderReportHtml', () => {
  it('renders markdown tables and code; raw HTML stays text, only <br> breaks a cell, unsafe links lose their target', () => {
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
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('<title>a &#x3C;/title>&#x3C;script>x&#x3C;/script></title>');
    expect(html).toContain('<td>line one<br>\nline two &#x3C;script>alert(1)&#x3C;/script> &#x3C;img src=x onerror=alert(2)></td>');
    expect(html).toContain('&#x3C;iframe src="https://evil.example">&#x3C;/iframe>');
    expect(html).toContain('<pre><code>&#x3C;script>alert(3)&#x3C;/script>\n</code></pre>');
    expect(html).toContain('<a href="https://tracehub.example/traces/abc">trace</a>');
    expect(html).toContain('<html lang="en">');
  });
});
