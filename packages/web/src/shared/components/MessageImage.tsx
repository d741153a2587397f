/**
 * An image from a payload: data: images are drawn at once (size-capped by CSS); https: images
 * only after the user asks, so opening a trace never calls a host named in its data.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { imageSource } from './message-shapes';

/** Draws `src` when imageSource allows it; anything else is shown as its (shortened) address. */
export function MessageImage({ src, alt }: { src: string; alt?: string }) {
  const { t } = useTranslation();
  const [load, setLoad] = useState(false);
  const source = imageSource(src);
  if (!source) return <span className="muted">[{alt || (src.startsWith('data:') ? `${src.slice(0, 40)}…` : src)}]</span>;
  if (source.remote && !load) {
    return (
      <button type="button" className="btn btn-small chat-image-load" onClick={() => setLoad(true)} title={source.src}>
        {t('payload.loadImage', { host: new URL(source.src).host })}
      </button>
    );
  }
  return <img className="chat-image" src={source.src} alt={alt ?? t('payload.image')} loading="lazy" referrerPolicy="no-referrer" />;
}
