// Markdown from a card (its value was a str) as safe HTML: parsed by marked, then cleaned by
// DOMPurify so a card can never put scripts or event handlers into the page. Links open in a
// new tab. Images must be inline (data:): a card shared on a dashboard must not make every
// viewer's browser call an outside address.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.getAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  if (node.tagName === 'IMG' && !/^data:image\//i.test(node.getAttribute('src') ?? '')) {
    node.removeAttribute('src');
    node.removeAttribute('srcset');
  }
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
