// A card's Markdown, rendered safely (markdown.ts).
import { useMemo } from 'react';
import { renderMarkdown } from './markdown';

export function MarkdownView({ text }: { text: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className="markdown-result" dangerouslySetInnerHTML={{ __html: html }} />;
}
