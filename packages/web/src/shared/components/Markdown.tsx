/**
 * Markdown rendered safely: react-markdown builds React elements (never innerHTML), raw HTML in
 * the text is dropped (`skipHtml`), link URLs go through react-markdown's check (no javascript:),
 * and images go through MessageImage (data: images, https: on request). The one markdown renderer
 * of the web UI: reuse it rather than adding another.
 */
import type { ComponentProps } from 'react';
import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { MessageImage } from './MessageImage';

type Components = NonNullable<ComponentProps<typeof ReactMarkdown>['components']>;

const COMPONENTS: Components = {
  // Links open in a new tab without access to this window; a link whose URL was refused is plain text.
  a: ({ node: _node, href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ src, alt }) => (typeof src === 'string' && src !== '' ? <MessageImage src={src} alt={alt} /> : null),
};

/** Image addresses are checked by MessageImage (data: URLs would not survive the default check). */
const urlTransform = (url: string, key: string) => (key === 'src' ? url : defaultUrlTransform(url));

/** Renders `text` as GitHub-flavoured markdown. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={COMPONENTS} urlTransform={urlTransform}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
