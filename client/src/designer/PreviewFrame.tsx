import type { Language } from '@etjanst/schemas';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * An empty page in standards mode (an iframe's own first page, about:blank, renders in quirks
 * mode). Links in help texts open in a new tab rather than take the preview's place.
 */
const EMPTY_PAGE = '<!doctype html><html><head><meta charset="utf-8"><base target="_blank"><title></title></head><body></body></html>';

const STYLESHEETS = 'link[rel~="stylesheet"], style';

/** A desktop's width for the preview (above the portal's 40rem small-screen rules), in px; the widest column leaves it this (designer.css) */
const DESKTOP_WIDTH = 672;

/**
 * Keeps the frame's head in step with the page's stylesheets: those there now, those Vite adds
 * when a lazy chunk loads, and (in development) those it rewrites on a hot update.
 */
function mirrorStylesheets(from: Document, to: Document): () => void {
  const copies = new Map<Element, Element>();
  const follow = () => {
    const present = new Set(from.head.querySelectorAll(STYLESHEETS));
    for (const [original, copy] of copies) {
      if (present.has(original)) continue;
      copy.remove();
      copies.delete(original);
    }
    for (const original of present) {
      const copy = copies.get(original);
      if (!copy) {
        copies.set(original, to.head.appendChild(to.importNode(original, true)));
      } else if (copy.textContent !== original.textContent) {
        copy.textContent = original.textContent;
      }
    }
  };
  follow();
  const observer = new MutationObserver(follow);
  observer.observe(from.head, { childList: true, subtree: true, characterData: true });
  return () => observer.disconnect();
}

interface PreviewFrameProps {
  /** The frame's accessible name */
  title: string;
  language: Language;
  /** 375 px wide, else the column's width */
  mobile: boolean;
  children: ReactNode;
}

/**
 * The preview's own page: an iframe, so the portal's media queries see the preview's width (375 px
 * in mobile mode), not the designer's window. Its content is the designer's React tree, drawn
 * there through a portal, so state, context (i18n) and the form's validator carry over. The frame
 * is as tall as its content: the designer's page keeps the one scrollbar. At desktop width in a
 * column narrower than a desktop's, the frame keeps a desktop's width and is drawn smaller (CSS
 * zoom), so the preview sits beside the canvas and still shows the portal's desktop layout.
 */
export function PreviewFrame({ title, language, mobile, children }: PreviewFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const page = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [body, setBody] = useState<HTMLElement | null>(null);
  const [zoom, setZoom] = useState(1);
  const frameDocument = body?.ownerDocument;

  useLayoutEffect(() => {
    const element = box.current;
    if (mobile || !element) return setZoom(1);
    const observer = new ResizeObserver(() => setZoom(Math.min(1, element.clientWidth / DESKTOP_WIDTH)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [mobile]);

  useEffect(() => (frameDocument ? mirrorStylesheets(document, frameDocument) : undefined), [frameDocument]);

  useEffect(() => {
    if (!frameDocument) return;
    frameDocument.documentElement.lang = language;
    frameDocument.title = title;
  }, [frameDocument, language, title]);

  useLayoutEffect(() => {
    const view = frameDocument?.defaultView;
    const content = page.current;
    const element = frame.current;
    if (!view || !content || !element) return;
    const observer = new view.ResizeObserver(() => {
      element.style.height = `${Math.ceil(content.getBoundingClientRect().height)}px`;
    });
    observer.observe(content);
    return () => observer.disconnect();
  }, [frameDocument]);

  return (
    <div ref={box} className={`designer-preview-frame${mobile ? ' is-mobile' : ''}`}>
      <iframe
        style={zoom < 1 ? { width: DESKTOP_WIDTH, zoom } : undefined}
        ref={frame}
        title={title}
        srcDoc={EMPTY_PAGE}
        // a new document each load (the first, or after the frame moved in the page)
        onLoad={() => setBody(frame.current?.contentDocument?.body ?? null)}
        data-testid="preview-frame"
      />
      {body &&
        createPortal(
          <div ref={page} className="designer-preview-page">
            {children}
          </div>,
          body,
        )}
    </div>
  );
}
